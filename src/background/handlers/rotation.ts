import { t } from '../../shared/i18n';
import type { Handlers } from '../router';
import { requireHostAccess } from './host-access';
import { requirePlainHttpConsent } from './plain-http';
import type { Services } from './services';

type RotationHandlers = Pick<Handlers, 'keys.rotate' | 'keys.rotations' | 'keys.rotationRetry' | 'keys.rotationCancel' | 'keys.rotationDismiss'>;

export function createRotationHandlers(services: Services): RotationHandlers {
  const { vault } = services;
  const rotation = () => services.rotation;
  return {
    'keys.rotate': async ({ credentialIds, allowPlainHttp }) => {
      // The same checks as "Get key": a new key is asked for on each of these servers.
      const servers = new Set((await vault.list()).filter((e) => credentialIds.includes(e.id)).map((e) => e.serviceUrl));
      for (const url of servers) {
        requirePlainHttpConsent(url, allowPlainHttp);
        await requireHostAccess(services, url, t('retryAllowRotate'));
      }
      return rotation().start(credentialIds);
    },
    'keys.rotations': async () => ({ rotations: await rotation().list() }),
    'keys.rotationRetry': async ({ id, forceSave }) => ({ rotation: await rotation().retry(id, { forceSave: forceSave === true }) }),
    'keys.rotationCancel': async ({ id }) => ({ rotation: await rotation().cancel(id) }),
    'keys.rotationDismiss': async ({ id }) => {
      await rotation().dismiss(id);
      return { ok: true };
    },
  };
}
