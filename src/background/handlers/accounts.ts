import { ACCOUNT_PROVIDERS, type AccountProvider } from '../../shared/account-keys';
import { KeyDeckError } from '../../shared/errors';
import { checkAppName, normaliseServiceUrl } from '../../shared/validation';
import type { Handlers } from '../router';
import type { Services } from './services';

type AccountHandlers = Pick<Handlers, 'account.signIn' | 'account.create' | 'account.list' | 'account.delete'>;

export function createAccountHandlers({ accounts, vault, hasHostAccess, resyncDetection }: Services): AccountHandlers {
  /** The provider's service, for a server KeyDeck may talk to (the browser sends its cookies only then). */
  async function service(provider: AccountProvider, serverUrl: string) {
    const server = normaliseServiceUrl(serverUrl);
    if ('error' in server) throw new KeyDeckError('invalid-input', server.error);
    if (!(await hasHostAccess(server.url)))
      throw new KeyDeckError('forbidden', `KeyDeck needs your permission to talk to ${new URL(server.url).host}. Try again and allow it.`);
    return { keys: accounts.get(provider)!, url: server.url };
  }

  return {
    'account.signIn': async ({ provider, serverUrl, email, password }) => {
      const { keys, url } = await service(provider, serverUrl);
      if (!keys.signIn) throw new KeyDeckError('unsupported', 'Sign in to this service in a browser tab.');
      await keys.signIn(url, email, password);
      return { ok: true };
    },
    'account.create': async ({ provider, serverUrl, app, projectId, expire }) => {
      const problem = checkAppName(app);
      if (problem) throw new KeyDeckError('invalid-input', problem);
      const { keys, url } = await service(provider, serverUrl);
      const { credentialId } = await keys.create({ serverUrl: url, app: app.trim(), ...(projectId ? { projectId } : {}), ...(expire ? { expire } : {}) });
      await resyncDetection();
      return { credentialId };
    },
    'account.list': async ({ provider, serverUrl }) => {
      const { keys, url } = await service(provider, serverUrl);
      return { keys: await keys.list(url) };
    },
    'account.delete': async ({ credentialId }) => {
      const credential = await vault.get(credentialId);
      const provider = ACCOUNT_PROVIDERS.find((p) => p === credential.provider);
      if (!provider) throw new KeyDeckError('unsupported', 'This key is not an account key.');
      const { keys } = await service(provider, credential.serviceUrl);
      await keys.remove(credentialId);
      await resyncDetection();
      return { ok: true };
    },
  };
}
