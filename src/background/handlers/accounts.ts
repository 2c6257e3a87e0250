import { ACCOUNT_PROVIDERS, type AccountProvider } from '../../shared/account-keys';
import { toView } from '../../shared/credential';
import { KeyDeckError } from '../../shared/errors';
import { checkAppName, normaliseServiceUrl } from '../../shared/validation';
import type { AccountAuth } from '../account-keys';
import type { Handlers } from '../router';
import type { Services } from './services';

type AccountHandlers = Pick<Handlers, 'account.signIn' | 'account.create' | 'account.list' | 'account.delete' | 'account.heldKeys'>;

export function createAccountHandlers({ accounts, vault, hasHostAccess, resyncDetection }: Services): AccountHandlers {
  /** The provider's service, for a server KeyDeck may talk to (the browser sends its cookies only then). */
  async function service(provider: AccountProvider, serverUrl: string) {
    const server = normaliseServiceUrl(serverUrl);
    if ('error' in server) throw new KeyDeckError('invalid-input', server.error);
    if (!(await hasHostAccess(server.url)))
      throw new KeyDeckError('forbidden', `KeyDeck needs your permission to talk to ${new URL(server.url).host}. Try again and allow it.`);
    return { keys: accounts.get(provider)!, url: server.url };
  }

  /** A held key of the same provider and server, to act with instead of the session. */
  async function keyAuth(withKey: string | undefined, provider: AccountProvider, serverUrl: string): Promise<AccountAuth | undefined> {
    if (!withKey) return undefined;
    const held = await vault.get(withKey);
    if (held.provider !== provider || held.serviceUrl !== serverUrl || !held.secrets.apiKey)
      throw new KeyDeckError('invalid-input', 'That key is not for this server.');
    return { kind: 'key', key: held.secrets.apiKey };
  }

  return {
    'account.signIn': async ({ provider, serverUrl, email, password }) => {
      const { keys, url } = await service(provider, serverUrl);
      if (!keys.signIn) throw new KeyDeckError('unsupported', 'Sign in to this service in a browser tab.');
      await keys.signIn(url, email, password);
      return { ok: true };
    },
    'account.create': async ({ provider, serverUrl, app, projectId, expire, withKey }) => {
      const problem = checkAppName(app);
      if (problem) throw new KeyDeckError('invalid-input', problem);
      const { keys, url } = await service(provider, serverUrl);
      const input = { serverUrl: url, app: app.trim(), ...(projectId ? { projectId } : {}), ...(expire ? { expire } : {}) };
      const { credentialId } = await keys.create(input, await keyAuth(withKey, provider, url));
      await resyncDetection();
      return { credentialId };
    },
    'account.list': async ({ provider, serverUrl, withKey }) => {
      const { keys, url } = await service(provider, serverUrl);
      return { keys: await keys.list(url, await keyAuth(withKey, provider, url)) };
    },
    'account.heldKeys': async ({ provider, serverUrl }) => {
      const server = normaliseServiceUrl(serverUrl);
      if ('error' in server) return { keys: [] };
      const held = (await vault.list()).filter((c) => c.provider === provider && c.serviceUrl === server.url && c.secrets.apiKey);
      return { keys: held.map(toView) };
    },
    'account.delete': async ({ credentialId, withKey }) => {
      const credential = await vault.get(credentialId);
      const provider = ACCOUNT_PROVIDERS.find((p) => p === credential.provider);
      if (!provider) throw new KeyDeckError('unsupported', 'This key is not an account key.');
      const { keys, url } = await service(provider, credential.serviceUrl);
      await keys.remove(credentialId, await keyAuth(withKey, provider, url));
      await resyncDetection();
      return { ok: true };
    },
  };
}
