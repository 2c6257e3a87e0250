import type { Runtime } from 'webextension-polyfill';
import { POPUP_PORT } from '../../shared/popup-port';

/**
 * Holds a port to the background while this page is open: keys arriving meanwhile are seen, so the
 * toolbar badge does not count them, and opening clears it (background/arrival-badge.ts). A stopped
 * worker drops the port; the next one hears from us again at once.
 */
export function holdPresence(runtime: Pick<Runtime.Static, 'connect'>): void {
  const connect = () => {
    try {
      runtime.connect({ name: POPUP_PORT }).onDisconnect.addListener(connect);
    } catch {
      // The extension was reloaded or removed under this page: nothing left to tell.
    }
  };
  connect();
}
