import { toView, type CredentialView } from '../shared/credential';
import type { Store } from '../storage';
import { encodeVaultIndex } from '../storage/vault-index';
import { onVaultChange, withInbox } from '../storage/vault-inbox';

type Stores = Pick<Store, 'vault' | 'vaultIndex' | 'vaultInbox'>;
const newestFirst = (list: CredentialView[]) => list.sort((a, b) => b.createdAt - a.createdAt);

/** The vault's entries as the popup shows them, read whole (slow at 1,000 entries; throws when damaged). */
const readVault = async (store: Stores) => (await store.vault.get()).credentials.map(toView);

/**
 * The list the popup shows, newest first. From the index (storage/vault-index.ts): a fraction of the
 * sealed vault to read and parse. A vault from before the index is read whole until the background
 * writes its index (at install and update, or with the next change).
 */
export async function readCredentials(store: Stores): Promise<CredentialView[]> {
  return newestFirst(await withInbox(store, async () => (await store.vaultIndex.get()) ?? (await readVault(store))));
}

/**
 * The popup's list: read as the page starts (not after the first frame of "Loading…": effects run
 * after paint), from the index. Once the first screen is drawn, the vault itself is read once to
 * check the index against it: a vault damaged since, or written by something that left the index
 * behind, is then what the popup shows (its error, or its entries), as it would have without the index.
 */
export function credentialSource(store: Stores) {
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  let indexWrong = false; // once the check found it so, the vault is read whole
  let checked = false;

  // Keys just received wait in the inbox until folded into the vault: shown with it (storage/vault-inbox.ts).
  const read = async () => newestFirst(await withInbox(store, readListed));
  const readListed = async (): Promise<CredentialView[]> => {
    if (indexWrong) return newestFirst(await readVault(store));
    const indexed = await store.vaultIndex.get();
    if (indexed === null) return newestFirst(await readVault(store));
    if (!checked) {
      checked = true;
      afterPaint(() => void check(indexed));
    }
    return newestFirst([...indexed]);
  };

  async function check(indexed: CredentialView[]) {
    // Stored order on both sides: the same entries give the same encoding.
    const agrees = await readVault(store).then(
      (entries) => encodeVaultIndex(entries) === encodeVaultIndex(indexed),
      () => false,
    );
    if (agrees) return;
    indexWrong = true;
    changed();
  }

  let primed: Promise<CredentialView[]> | undefined = read();
  primed.catch(() => undefined); // whoever takes it sees the error
  onVaultChange(store, () => void (primed = undefined));
  return {
    credentials(): Promise<CredentialView[]> {
      const first = primed;
      primed = undefined;
      return first ?? read();
    },
    onChange(listener: () => void): () => void {
      listeners.add(listener);
      const stop = onVaultChange(store, listener);
      return () => {
        listeners.delete(listener);
        stop();
      };
    },
  };
}

/** After the next frame is drawn (a task posted from an animation frame callback). */
function afterPaint(run: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0));
  else setTimeout(run, 0);
}
