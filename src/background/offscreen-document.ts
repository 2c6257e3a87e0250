import { OFFSCREEN_PATH } from '../shared/offscreen';

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
 * Opens KeyDeck's one offscreen document unless it is open. Chrome allows one per extension, so the
 * first job's reason creates it and later jobs of another kind use it as it is.
 */
export async function ensureOffscreenDocument(chrome: ChromeOffscreenApi, why: { reasons: string[]; justification: string }): Promise<void> {
  const open = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
  if (open.length > 0) return;
  await chrome.offscreen
    .createDocument({ url: OFFSCREEN_PATH, ...why })
    // Two jobs in quick succession race to create it; the loser finds it open.
    .catch(async (error: unknown) => {
      if ((await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length === 0) throw error;
    });
}
