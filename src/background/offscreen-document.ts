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

/** A creation under way, per API object: concurrent jobs wait for the same one (it resolves once the page has loaded). */
const creating = new WeakMap<ChromeOffscreenApi, Promise<void>>();

/**
 * Opens KeyDeck's one offscreen document unless it is open. Chrome allows one per extension, so the
 * first job's reason creates it and later jobs of another kind use it as it is.
 */
export async function ensureOffscreenDocument(chrome: ChromeOffscreenApi, why: { reasons: string[]; justification: string }): Promise<void> {
  const pending = creating.get(chrome);
  if (pending) return pending;
  const open = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
  if (open.length > 0) return;
  if (creating.has(chrome)) return creating.get(chrome);
  const creation = chrome.offscreen
    .createDocument({ url: OFFSCREEN_PATH, ...why })
    // Another context (an older worker's job) may have created it meanwhile: then it is open.
    .catch(async (error: unknown) => {
      if ((await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length === 0) throw error;
    })
    .finally(() => creating.delete(chrome));
  creating.set(chrome, creation);
  return creation;
}
