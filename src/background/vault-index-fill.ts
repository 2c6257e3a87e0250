import type { Store } from '../storage';
import type { Vault } from './vault';

/**
 * A vault written before its index existed (storage/vault-index.ts) has none until its next write:
 * at install and update, write it again, through the vault's own queue so no concurrent write is lost.
 * Meanwhile the popup reads the vault itself, as before. An empty vault needs no index.
 */
export async function fillVaultIndex({ store, vault }: { store: Pick<Store, 'vaultIndex'>; vault: Pick<Vault, 'list' | 'rewrite'> }): Promise<void> {
  if ((await store.vaultIndex.get()) !== null) return;
  if ((await vault.list()).length === 0) return;
  await vault.rewrite();
}
