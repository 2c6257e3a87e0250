import { t } from '../../shared/i18n';
import { KeyDeckError } from '../../shared/errors';
import { normaliseServiceUrl } from '../../shared/validation';
import type { Handlers } from '../router';
import { requireHostAccess } from './host-access';
import { requirePlainHttpConsent } from './plain-http';
import { copyKey } from './copy-key';
import type { Services } from './services';

type FlowHandlers = Pick<
  Handlers,
  'flow.start' | 'flow.list' | 'flow.cancel' | 'flow.dismiss' | 'flow.open' | 'flow.revealUnsavedKey' | 'flow.copyUnsavedKey'
>;

export function createFlowHandlers(services: Services): FlowHandlers {
  const { workflow, showPage } = services;
  return {
    'flow.start': async ({ allowPlainHttp, ...input }) => {
      const server = normaliseServiceUrl(input.serviceUrl);
      if ('error' in server) throw new KeyDeckError('invalid-input', server.error);
      requirePlainHttpConsent(server.url, allowPlainHttp);
      await requireHostAccess(services, server.url, t('retryAllowGetKey'));
      return { flow: await workflow.start(input) };
    },
    'flow.list': async () => ({ flows: await workflow.list() }),
    'flow.cancel': async ({ id }) => ({ flow: await workflow.cancel(id) }),
    'flow.dismiss': async ({ id }) => {
      await workflow.dismiss(id);
      return { ok: true };
    },
    'flow.open': async ({ id }) => {
      await showPage(await workflow.decisionUrl(id));
      return { ok: true };
    },
    'flow.revealUnsavedKey': async ({ id }) => ({ apiKey: await workflow.unsavedKey(id) }),
    // The same clipboard path as a saved key's Copy, timed clear included.
    'flow.copyUnsavedKey': async ({ id }) => copyKey(services, await workflow.unsavedKey(id)),
  };
}
