import { createRegistry, PROVIDERS } from '../../../src/providers/registry';
import type { AccountForm, Provider } from '../../../src/providers/types';

/** A provider that can only store keys: no verify, no revoke, no accounts. */
export const fakeProvider: Provider = {
  id: 'fake',
  label: 'Fake',
  keyHint: 'Fake keys start with fk_.',
  checkKey: (key) => (key.startsWith('fk_') ? null : 'A Fake key starts with fk_.'),
};

/** A provider with an account API; nothing here is called by the popup (the background would). */
export function fakeAccountProvider(form: AccountForm, id = 'fakeacct', label = 'Fake Accounts'): Provider {
  const never = () => Promise.reject(new Error('the popup never calls a provider itself'));
  return {
    id,
    label,
    keyHint: 'Any key.',
    checkKey: () => null,
    accounts: { form, create: never, list: never, remove: never },
  };
}

/** KeyDeck's providers plus the given ones. */
export const registryWith = (...extra: Provider[]) => createRegistry([...PROVIDERS.all, ...extra]);
