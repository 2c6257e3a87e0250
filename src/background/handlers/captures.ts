import { KeyDeckError } from '../../shared/errors';
import type { Handlers } from '../router';
import type { Services } from './services';

type CaptureHandlers = Pick<
  Handlers,
  'portal.start' | 'cocalc.legacyStart' | 'capture.list' | 'capture.dismiss' | 'capture.offer' | 'capture.confirm'
>;

export function createCaptureHandlers({ capture, settings, hasHostAccess }: Services): CaptureHandlers {
  /** Without access to the finish page's host KeyDeck cannot see the tab's address: say so up front. */
  async function needAccess(...urls: string[]): Promise<void> {
    for (const url of urls)
      if (!(await hasHostAccess(url)))
        throw new KeyDeckError('forbidden', `KeyDeck needs your permission for ${new URL(url).host} to receive the credentials. Try again and allow it.`);
  }

  return {
    'portal.start': async ({ app, printerId }) => {
      await needAccess((await settings.get()).portalUrl);
      await capture.startPortal(app, printerId);
      return { ok: true };
    },
    'cocalc.legacyStart': async () => {
      await needAccess((await settings.get()).cocalcUrl, 'https://authenticated/');
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
  };
}
