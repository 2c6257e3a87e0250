import type { Store } from '../storage';
import type { Vault } from './vault';

/**
 * A vault written before its index existed (storage/vault-index.ts) has none until its next write,
 * and one written by an older KeyDeck (a downgrade, then this update) has a stale one: at install and
 * update, write the vault again, through its own queue so no concurrent write is lost. Meanwhile the
 * popup reads the vault itself, as before. An empty vault without an index is left unwritten.
 */
export async function fillVaultIndex({ store, vault }: { store: Pick<Store, 'vaultIndex'>; vault: Pick<Vault, 'list' | 'rewrite'> }): Promise<void> {
  if ((await store.vaultIndex.get()) === null && (await vault.list()).length === 0) return;
  await vault.rewrite();
}
