import { toView, type Credential } from '../../shared/credential';
import { KeyDeckError } from '../../shared/errors';
import type { Payload } from '../../shared/messages';
import { findProvider } from '../../shared/providers';
import { checkAppName, checkKeyBasics, normaliseServiceUrl } from '../../shared/validation';
import type { Handlers } from '../router';
import type { Vault } from '../vault';
import type { Services } from './services';

type VaultHandlers = Pick<
  Handlers,
  'vault.list' | 'vault.add' | 'vault.remove' | 'vault.reveal' | 'vault.copy' | 'settings.get' | 'settings.update' | 'credential.verify' | 'credential.revoke'
>;

export function createVaultHandlers(services: Services): VaultHandlers {
  const { vault, settings, clipboard, backends, resyncDetection, now = Date.now } = services;

  function backendFor(provider: string, can: 'verify' | 'revoke') {
    const backend = backends.get(provider);
    if (!backend?.[can]) throw new KeyDeckError('unsupported', `KeyDeck cannot ${can} this kind of key on its server.`);
    return backend as Required<typeof backend>;
  }

  async function apiKeyOf(id: string): Promise<string> {
    const key = (await vault.get(id)).secrets.apiKey;
    if (!key) throw new KeyDeckError('not-found', 'This entry holds no API key.');
    return key;
  }

  return {
    'vault.list': async () => ({
      credentials: (await vault.list()).sort((a, b) => b.createdAt - a.createdAt).map(toView),
    }),
    'vault.add': async (payload) => {
      const credential = await vault.add(await manualEntry(payload, vault, now()));
      await resyncDetection();
      return { credential: toView(credential) };
    },
    'vault.remove': async ({ id }) => {
      const removed = await vault.remove(id);
      await resyncDetection();
      return { removed: toView(removed) };
    },
    'vault.reveal': async ({ id }) => ({ apiKey: await apiKeyOf(id) }),
    'vault.copy': async ({ id }) => {
      const { clipboardClearSeconds } = await settings.get();
      await clipboard.copyThenClear(await apiKeyOf(id), clipboardClearSeconds * 1000);
      return { clearAfterSeconds: clipboardClearSeconds };
    },
    'settings.get': () => settings.get(),
    'settings.update': async (patch) => {
      const next = await settings.update(patch);
      await resyncDetection();
      return next;
    },
    'credential.verify': async ({ id }) => {
      const credential = await vault.get(id);
      const { verification, user } = await backendFor(credential.provider, 'verify').verify(credential);
      return { credential: toView(await vault.update(id, { verification, ...(user ? { user } : {}) })) };
    },
    'credential.revoke': async ({ id }) => {
      const credential = await vault.get(id);
      const others = (await vault.list()).filter((c) => c.id !== id);
      await backendFor(credential.provider, 'revoke').revoke(credential, others);
      const removed = await vault.remove(id);
      await resyncDetection();
      return { removed: toView(removed) };
    },
  };
}

/** Validates a hand-typed key; each failure is a message the popup can show beside the form. */
async function manualEntry(input: Payload<'vault.add'>, vault: Vault, createdAt: number): Promise<Omit<Credential, 'id'>> {
  const provider = findProvider(input.provider);
  if (!provider) throw new KeyDeckError('invalid-input', 'Choose a provider.');
  const service = normaliseServiceUrl(input.serviceUrl);
  if ('error' in service) throw new KeyDeckError('invalid-input', service.error);
  const app = input.app.trim();
  const problem = checkAppName(app) ?? checkKeyBasics(input.apiKey) ?? provider.checkKey(input.apiKey);
  if (problem) throw new KeyDeckError('invalid-input', problem);
  const existing = (await vault.list()).find((c) => c.secrets.apiKey === input.apiKey && c.serviceUrl === service.url);
  if (existing) throw new KeyDeckError('invalid-input', `This key is already stored for ${existing.app}.`);
  const user = input.user?.trim();
  return {
    provider: provider.id,
    serviceUrl: service.url,
    app,
    ...(user ? { user } : {}),
    secrets: { apiKey: input.apiKey },
    source: 'manual',
    createdAt,
  };
}
