import { t } from '../../shared/i18n';
import { toView, type Credential, type VaultEntry } from '../../shared/credential';
import { KeyDeckError } from '../../shared/errors';
import { checkAppName, normaliseServiceUrl } from '../../shared/validation';
import type { AccountAuth, AccountApi } from '../../providers/types';
import type { Handlers } from '../router';
import { requireHostAccess } from './host-access';
import { requirePlainHttpConsent } from './plain-http';
import type { Services } from './services';

type AccountHandlers = Pick<Handlers, 'account.signIn' | 'account.create' | 'account.list' | 'account.delete' | 'account.heldKeys'>;

/** Keys made through a provider's account API; the provider comes from the registry, never by name. */
export function createAccountHandlers(services: Services): AccountHandlers {
  const { providers, vault, ctx } = services;

  function accountsOf(provider: string): AccountApi {
    const accounts = providers.find(provider)?.accounts;
    if (!accounts) throw new KeyDeckError('unsupported', t('errNotAnAccountKey'));
    return accounts;
  }

  /** A server KeyDeck may talk to (the browser sends its cookies only then). */
  async function server(serverUrl: string): Promise<string> {
    const server = normaliseServiceUrl(serverUrl);
    if ('error' in server) throw new KeyDeckError('invalid-input', server.error);
    await requireHostAccess(services, server.url, t('retryAllow'));
    return server.url;
  }

  const heldEntries = async (provider: string, serverUrl: string): Promise<VaultEntry[]> =>
    (await vault.list()).filter((c) => c.provider === provider && c.serviceUrl === serverUrl && c.secretFields.includes('apiKey'));
  /** With their secrets, to match the server's list against (so it asks to unlock only when some are held). */
  const heldKeys = async (provider: string, serverUrl: string): Promise<Credential[]> => {
    const ids = new Set((await heldEntries(provider, serverUrl)).map((c) => c.id));
    return ids.size ? (await vault.all()).filter((c) => ids.has(c.id)) : [];
  };

  /** The session, or a held key of the same provider and server to act with instead (Bearer). */
  async function auth(withKey: string | undefined, provider: string, serverUrl: string): Promise<AccountAuth> {
    if (!withKey) return { kind: 'session' };
    const held = await vault.secrets(withKey);
    if (held.provider !== provider || held.serviceUrl !== serverUrl || !held.secrets.apiKey)
      throw new KeyDeckError('invalid-input', t('errKeyOtherServer'));
    return { kind: 'key', key: held.secrets.apiKey };
  }

  return {
    'account.signIn': async ({ provider, serverUrl, email, password }) => {
      const accounts = accountsOf(provider);
      if (!accounts.signIn) throw new KeyDeckError('unsupported', t('errSignInInTab'));
      await accounts.signIn(ctx, await server(serverUrl), email, password);
      return { ok: true };
    },
    'account.create': async ({ provider, serverUrl, app, projectId, expire, withKey, allowPlainHttp }) => {
      const problem = checkAppName(app);
      if (problem) throw new KeyDeckError('invalid-input', problem);
      const accounts = accountsOf(provider);
      const normalised = normaliseServiceUrl(serverUrl);
      if (!('error' in normalised)) requirePlainHttpConsent(normalised.url, allowPlainHttp);
      const url = await server(serverUrl);
      const input = { serverUrl: url, app: app.trim(), ...(projectId ? { projectId } : {}), ...(expire ? { expire } : {}) };
      const created = await accounts.create(ctx, input, await auth(withKey, provider, url));
      try {
        return { credentialId: (await vault.add(created)).id };
      } catch (error) {
        // The server shows a secret once: a key it made that cannot be stored goes back to the popup,
        // which holds it in memory only, for the user's Copy or Reveal.
        if (!(error instanceof KeyDeckError) || error.code !== 'storage-full' || !created.secrets.apiKey) throw error;
        return { unsaved: { apiKey: created.secrets.apiKey, reason: error.message } };
      }
    },
    'account.list': async ({ provider, serverUrl, withKey }) => {
      const accounts = accountsOf(provider);
      const url = await server(serverUrl);
      return { keys: await accounts.list(ctx, url, await auth(withKey, provider, url), await heldKeys(provider, url)) };
    },
    'account.heldKeys': async ({ provider, serverUrl }) => {
      const server = normaliseServiceUrl(serverUrl);
      return { keys: 'error' in server ? [] : (await heldEntries(provider, server.url)).map(toView) };
    },
    'account.delete': async ({ credentialId, withKey }) => {
      const credential = await vault.secrets(credentialId);
      const accounts = accountsOf(credential.provider);
      const url = await server(credential.serviceUrl);
      await accounts.remove(ctx, credential, await auth(withKey, credential.provider, url));
      await vault.remove(credentialId);
      return { ok: true };
    },
  };
}
