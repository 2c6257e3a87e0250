import { t } from '../../shared/i18n';
import { KeyDeckError } from '../../shared/errors';
import { normaliseServiceUrl, originPattern } from '../../shared/validation';
import type { Handlers } from '../router';
import { requirePlainHttpConsent } from './plain-http';
import type { Services } from './services';

type FarmHandlers = Pick<Handlers, 'farm.start' | 'farm.status' | 'farm.retry' | 'farm.retryFailed' | 'farm.cancelAll'>;

export function createFarmHandlers(services: Services): FarmHandlers {
  const { farm } = services;
  return {
    'farm.start': async ({ allowPlainHttp, ...input }) => {
      // The farm page asked for every host at once, in the click; a host left out is named here.
      const checked = new Set<string>();
      for (const { url } of input.servers) {
        const server = normaliseServiceUrl(url);
        if ('error' in server) throw new KeyDeckError('invalid-input', `${url}: ${server.error}`);
        requirePlainHttpConsent(server.url, allowPlainHttp);
        const pattern = originPattern(server.url);
        if (checked.has(pattern)) continue;
        checked.add(pattern);
        if (!(await services.hasHostAccess(server.url)))
          throw new KeyDeckError('forbidden', t('farmNeedsPermission', new URL(server.url).hostname));
      }
      return { farm: await farm.start(input) };
    },
    'farm.status': async () => ({ farm: await farm.status(), provider: farm.provider }),
    'farm.retry': async ({ url }) => {
      await farm.retry(url);
      return { ok: true };
    },
    'farm.retryFailed': async () => ({ count: await farm.retryFailed() }),
    'farm.cancelAll': async () => ({ count: await farm.cancelAll() }),
  };
}
