import { t } from '../shared/i18n';
import { KeyDeckError } from '../shared/errors';
import type { OffscreenCopy } from '../shared/offscreen';
import type { Clipboard } from './clipboard';
import { ensureOffscreenDocument, type ChromeOffscreenApi } from './offscreen-document';

export type { ChromeOffscreenApi } from './offscreen-document';

const WHY = { reasons: ['CLIPBOARD'], justification: 'Copy an API key and clear it from the clipboard after a delay.' };

/**
 * Chrome: a service worker has no clipboard, so an offscreen document writes the key, keeps the
 * timer (it outlives the worker's sleep) and clears the clipboard if it still holds the key.
 */
export function createOffscreenClipboard(chrome: ChromeOffscreenApi): Clipboard {
  return {
    async copyThenClear(text, clearAfterMs) {
      const message: OffscreenCopy = { target: 'offscreen', type: 'clipboard.copy', text, clearAfterMs };
      // The document closes itself once it has nothing left to do: one retry covers that race.
      for (let attempt = 0; attempt < 2; attempt++) {
        await ensureOffscreenDocument(chrome, WHY);
        const reply = await chrome.runtime.sendMessage(message).catch(() => undefined);
        if (reply === true) return;
      }
      throw new KeyDeckError('clipboard', t('errCopyFailed'));
    },
    onAlarm: async () => undefined,
  };
}
