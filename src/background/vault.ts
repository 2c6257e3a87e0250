import { boundedCredential, type Credential } from '../shared/credential';
import { KeyDeckError } from '../shared/errors';
import { serial } from '../shared/serial';
import type { StoredItem } from '../storage';
import { VAULT_VERSION } from '../storage/items';

type VaultData = { schemaVersion: number; credentials: Credential[] };

export interface Vault {
  /** Drops the in-memory copy (someone else wrote the vault). */
  invalidate(): void;
  list(): Promise<Credential[]>;
  get(id: string): Promise<Credential>;
  add(credential: Omit<Credential, 'id'>): Promise<Credential>;
  /** Adds them all in one write (a backup's import), or none when one cannot be stored. */
  addMany(credentials: Omit<Credential, 'id'>[]): Promise<Credential[]>;
  update(id: string, patch: Partial<Omit<Credential, 'id'>>): Promise<Credential>;
  remove(id: string): Promise<Credential>;
}

/**
 * Every credential, in the `vault` storage item (src/storage/items.ts says where, its schema and its
 * migrations). A damaged or newer vault throws on read and is never overwritten.
 */
export function createVault(item: StoredItem<VaultData>, { newId = () => crypto.randomUUID() } = {}): Vault {
  const exclusive = serial();
  // Parsing 1,000 entries on every message costs more than the popup's whole budget: keep the parsed
  // list while the worker lives. It is a cache only; storage stays the truth and is re-read after a restart.
  let cached: Credential[] | undefined;

  async function read(): Promise<Credential[]> {
    return (cached ??= (await item.get()).credentials);
  }

  async function write(credentials: Credential[]): Promise<void> {
    cached = undefined;
    await item.set({ schemaVersion: VAULT_VERSION, credentials });
    cached = credentials;
  }

  function find(credentials: Credential[], id: string): Credential {
    const found = credentials.find((c) => c.id === id);
    if (!found) throw new KeyDeckError('not-found', 'That key is no longer in the vault.');
    return found;
  }

  return {
    invalidate: () => void (cached = undefined),
    list: () => exclusive(async () => [...(await read())]),
    get: (id) => exclusive(async () => find(await read(), id)),
    add: (fields) =>
      exclusive(async () => {
        // Checked on the way in, so nothing unbounded is ever written (shared/credential.ts).
        const credential = boundedCredential({ ...fields, id: newId() });
        await write([...(await read()), credential]);
        return credential;
      }),
    addMany: (many) =>
      exclusive(async () => {
        const added = many.map((fields) => boundedCredential({ ...fields, id: newId() }));
        await write([...(await read()), ...added]);
        return added;
      }),
    update: (id, patch) =>
      exclusive(async () => {
        const credentials = await read();
        const updated = boundedCredential({ ...find(credentials, id), ...patch, id });
        await write(credentials.map((c) => (c.id === id ? updated : c)));
        return updated;
      }),
    remove: (id) =>
      exclusive(async () => {
        const credentials = await read();
        const removed = find(credentials, id);
        await write(credentials.filter((c) => c.id !== id));
        return removed;
      }),
  };
}
