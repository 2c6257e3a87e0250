import { t } from '../../shared/i18n';
import type { Handlers } from '../router';
import { copyKey } from './copy-key';
import { requireHostAccess } from './host-access';
import type { Services } from './services';

type CaptureHandlers = Pick<
  Handlers,
  | 'portal.start'
  | 'cocalc.legacyStart'
  | 'capture.list'
  | 'capture.dismiss'
  | 'capture.offer'
  | 'capture.confirm'
  | 'capture.revealUnsavedKey'
  | 'capture.copyUnsavedKey'
>;

/** Without access to the finish page's host KeyDeck cannot see the tab's address: it asks up front. */
const RETRY = () => t('retryAllowCapture');

export function createCaptureHandlers(services: Services): CaptureHandlers {
  const { capture, settings } = services;
  return {
    'portal.start': async ({ app, printerId }) => {
      await requireHostAccess(services, (await settings.get()).portalUrl, RETRY());
      await capture.startPortal(app, printerId);
      return { ok: true };
    },
    'cocalc.legacyStart': async () => {
      await requireHostAccess(services, (await settings.get()).cocalcUrl, RETRY());
      await requireHostAccess(services, 'https://authenticated/', RETRY());
      await capture.startCocalcLegacy();
      return { ok: true };
    },
    'capture.list': async () => ({ results: await capture.results() }),
    'capture.dismiss': async ({ id }) => {
      await capture.dismiss(id);
      return { ok: true };
    },
    'capture.offer': async ({ tabId }) => ({ offer: await capture.offer(tabId) }),
    'capture.confirm': async ({ tabId }) => ({ result: await capture.confirm(tabId) }),
    'capture.revealUnsavedKey': async ({ id }) => ({ apiKey: await capture.unsavedKey(id) }),
    // The same clipboard path as a saved key's Copy, timed clear included.
    'capture.copyUnsavedKey': async ({ id }) => copyKey(services, await capture.unsavedKey(id)),
  };
}
