import { CONTENT_DETECTED } from '../shared/detection';
import { detectOctoPrint } from './detect';

// The one browser API used here; the full typings would be a large dependency for one call.
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/**
 * Runs on a page KeyDeck was allowed to look at. It reports only what it recognised and never reads
 * or receives a key. It uses `chrome.runtime` directly (present in Chrome and Firefox) because the
 * polyfill alone would exceed this script's 2 KB budget.
 */
const detection = detectOctoPrint(document, location.href);
if (detection) chrome.runtime.sendMessage({ type: CONTENT_DETECTED, payload: detection }).catch(() => undefined);

/** Also the script's completion value, which `scripting.executeScript` hands back (see vite.config.ts). */
export const result = detection;
