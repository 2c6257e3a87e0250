import type { Runtime } from 'webextension-polyfill';
import { POPUP_PORT, SEEN } from '../../shared/popup-port';

/**
 * Tells the background this KeyDeck page opened (keys that arrived are seen now: the toolbar badge
 * clears), then lets go of the port once answered: held, it would keep the background running.
 */
export function markSeen(runtime: Pick<Runtime.Static, 'connect'>): void {
  try {
    const port = runtime.connect({ name: POPUP_PORT });
    port.onMessage.addListener((message: unknown) => {
      if (message === SEEN) port.disconnect();
    });
  } catch {
    // The extension was reloaded or removed under this page: nothing left to tell.
  }
}
