import { KeyDeckError } from '../shared/errors';
import { OFFSCREEN_PATH, type OffscreenCopy } from '../shared/offscreen';
import type { Clipboard } from './clipboard';

/** The slice of `chrome.offscreen` / `chrome.runtime` used here (not in the polyfill's types). */
export interface ChromeOffscreenApi {
  offscreen: {
    createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
  };
  runtime: {
    getContexts(filter: { contextTypes: string[] }): Promise<unknown[]>;
    sendMessage(message: unknown): Promise<unknown>;
  };
}

/**
 * Chrome: a service worker has no clipboard, so an offscreen document writes the key, keeps the
 * timer (it outlives the worker's sleep) and clears the clipboard if it still holds the key.
 */
export function createOffscreenClipboard(chrome: ChromeOffscreenApi): Clipboard {
  async function ensureDocument(): Promise<void> {
    const open = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
    if (open.length > 0) return;
    await chrome.offscreen
      .createDocument({
        url: OFFSCREEN_PATH,
        reasons: ['CLIPBOARD'],
        justification: 'Copy an API key and clear it from the clipboard after a delay.',
      })
      // Two copies in quick succession race to create it; the loser finds it open.
      .catch(async (error: unknown) => {
        if ((await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length === 0) throw error;
      });
  }

  return {
    async copyThenClear(text, clearAfterMs) {
      const message: OffscreenCopy = { target: 'offscreen', type: 'clipboard.copy', text, clearAfterMs };
      // The document closes itself once it has nothing left to clear: one retry covers that race.
      for (let attempt = 0; attempt < 2; attempt++) {
        await ensureDocument();
        const reply = await chrome.runtime.sendMessage(message).catch(() => undefined);
        if (reply === true) return;
      }
      throw new KeyDeckError('clipboard', 'The key could not be copied. Try Reveal and copy it by hand.');
    },
    onAlarm: async () => undefined,
  };
}
