import { CONTENT_DECISION, CONTENT_DETECTED, type Detection } from '../shared/detection';
import { detectOctoPrint, isDecisionClick } from './detect';

// The one browser API used here; the full typings would be a large dependency for one call.
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/**
 * Runs on a page KeyDeck was allowed to look at. It reports only what it recognised and never reads
 * or receives a key. It uses `chrome.runtime` directly (present in Chrome and Firefox) because the
 * polyfill alone would exceed this script's 2 KB budget.
 */
const send = (type: string, payload: object) => chrome.runtime.sendMessage({ type, payload }).catch(() => undefined);
const report = (found: Detection) => send(CONTENT_DETECTED, found);

const detection = detectOctoPrint(document, location.href);
if (detection) {
  report(detection);
  watch(detection);
}

/** On an OctoPrint page, once per page: notices come and go without a reload, and decisions are clicked. */
function watch(first: Detection): void {
  const flag = globalThis as { keydeckWatching?: boolean };
  if (flag.keydeckWatching) return; // injected again (popup opened on this tab): already watching
  flag.keydeckWatching = true;
  let shown = first.accessRequest;
  new MutationObserver(() => {
    const now = detectOctoPrint(document, location.href);
    if (!now || now.accessRequest === shown) return;
    shown = now.accessRequest;
    report(now);
  }).observe(document.body, { childList: true });
  // Capture phase: seen before OctoPrint's own handler sends the decision, so the background polls at once.
  document.addEventListener('click', (event) => isDecisionClick(event.target) && send(CONTENT_DECISION, {}), true);
}

/** Also the script's completion value, which `scripting.executeScript` hands back (see vite.config.ts). */
export const result = detection;
