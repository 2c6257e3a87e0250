import { cocalc } from './cocalc';
import { conduce } from './conduce';
import { fdmMonster } from './fdm-monster';
import { octoeverywhere } from './octoeverywhere';
import { octoprint } from './octoprint';
import type { AccountApi, Provider } from './types';

/** The providers KeyDeck knows, looked up by id. Tests build one with extra providers. */
export interface Registry {
  all: readonly Provider[];
  find(id: string): Provider | undefined;
  label(id: string): string;
  /** Providers with an account API, for the Accounts panel. */
  withAccounts: readonly (Provider & { accounts: AccountApi })[];
}

export function createRegistry(providers: readonly Provider[]): Registry {
  const byId = new Map(providers.map((p) => [p.id, p]));
  return {
    all: providers,
    find: (id) => byId.get(id),
    label: (id) => byId.get(id)?.label ?? id,
    withAccounts: providers.filter((p): p is Provider & { accounts: AccountApi } => p.accounts !== undefined),
  };
}

/** Adding a provider: a folder beside this file, and one line here. */
export const PROVIDERS = createRegistry([octoprint, octoeverywhere, cocalc, conduce, fdmMonster]);
