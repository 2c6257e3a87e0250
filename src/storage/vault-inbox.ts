import { toView, type CredentialView } from '../shared/credential';
import type { Store } from './index';

type Stores = Pick<Store, 'vault' | 'vaultInbox'>;

/**
 * A list read from the vault (or its index) with the keys just received in the inbox (items.ts
 * `vaultInbox`) that it does not hold yet. The inbox is asked first: storage answers in order, so a
 * fold between the two reads shows its entries in both, and each id counts once.
 */
export async function withInbox(store: Pick<Stores, 'vaultInbox'>, read: () => Promise<CredentialView[]>): Promise<CredentialView[]> {
  const [arrived, listed] = await Promise.all([store.vaultInbox.get(), read()]);
  if (arrived.credentials.length === 0) return listed;
  const held = new Set(listed.map((entry) => entry.id));
  return [...listed, ...arrived.credentials.filter((entry) => !held.has(entry.id)).map(toView)];
}

/** Calls `listener` whenever the vault or its inbox changes; returns an unsubscribe. */
export function onVaultChange(store: Stores, listener: () => void): () => void {
  const stops = [store.vault.onChange(listener), store.vaultInbox.onChange(listener)];
  return () => stops.forEach((stop) => stop());
}
