import { t } from '../../shared/i18n';
import { apiKeyOf, toView, type Credential } from '../../shared/credential';
import { KeyDeckError } from '../../shared/errors';
import type { Payload } from '../../shared/messages';
import type { Provider } from '../../providers/types';
import type { Registry } from '../../providers/registry';
import { checkAppName, checkKeyBasics, normaliseServiceUrl } from '../../shared/validation';
import type { Handlers } from '../router';
import type { Vault } from '../vault';
import { keyTag } from '../fingerprint';
import { requirePlainHttpConsent } from './plain-http';
import type { Services } from './services';

type VaultHandlers = Pick<
  Handlers,
  'vault.list' | 'vault.add' | 'vault.remove' | 'vault.reveal' | 'settings.get' | 'settings.update' | 'credential.verify' | 'credential.revoke'
>;

export function createVaultHandlers(services: Services): VaultHandlers {
  const { vault, settings, providers, ctx } = services;

  /** What the credential's provider can do: a provider without `verify` or `revoke` cannot. */
  function able<C extends 'verify' | 'revoke'>(provider: string, can: C): NonNullable<Provider[C]> {
    const action = providers.find(provider)?.[can];
    if (!action) throw new KeyDeckError('unsupported', can === 'verify' ? t('errCannotVerify') : t('errCannotRevoke'));
    return action as NonNullable<Provider[C]>;
  }

  return {
    'vault.list': async () => ({
      credentials: (await vault.list()).sort((a, b) => b.createdAt - a.createdAt).map(toView),
    }),
    'vault.add': async (payload) => {
      const credential = await vault.add(await manualEntry(payload, vault, providers, ctx.now()));
      return { credential: toView(credential) };
    },
    'vault.remove': async ({ id }) => {
      return { removed: toView(await vault.remove(id)) };
    },
    'vault.reveal': async ({ id }) => ({ apiKey: apiKeyOf(await vault.secrets(id)) }),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update((current) => ({ ...current, ...patch })),
    'credential.verify': async ({ id }) => {
      const credential = await vault.secrets(id);
      const { verification, user } = await able(credential.provider, 'verify')(credential, ctx);
      return { credential: toView(await vault.update(id, { verification, ...(user ? { user } : {}) })) };
    },
    'credential.revoke': async ({ id }) => {
      const all = await vault.all();
      const credential = all.find((c) => c.id === id) ?? (await vault.secrets(id));
      const others = all.filter((c) => c.id !== id);
      await able(credential.provider, 'revoke')(credential, others, ctx);
      return { removed: toView(await vault.remove(id)) };
    },
  };
}

/** Validates a hand-typed key; each failure is a message the popup can show beside the form. */
async function manualEntry(input: Payload<'vault.add'>, vault: Vault, providers: Registry, createdAt: number): Promise<Omit<Credential, 'id'>> {
  const provider = providers.find(input.provider);
  if (!provider) throw new KeyDeckError('invalid-input', t('errChooseProvider'));
  const service = normaliseServiceUrl(input.serviceUrl);
  if ('error' in service) throw new KeyDeckError('invalid-input', service.error);
  requirePlainHttpConsent(service.url, input.allowPlainHttp);
  const app = input.app.trim();
  const problem = checkAppName(app) ?? checkKeyBasics(input.apiKey) ?? provider.checkKey(input.apiKey);
  if (problem) throw new KeyDeckError('invalid-input', problem);
  const tag = await keyTag(input.apiKey);
  const existing = (await vault.list()).find((c) => c.keyTag === tag && c.serviceUrl === service.url);
  if (existing) throw new KeyDeckError('invalid-input', t('errAlreadyStored', existing.app));
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
