import * as v from 'valibot';
import { CredentialSchema, type Credential } from '../shared/credential';
import { KeyDeckError } from '../shared/errors';
import { serial } from './serial';
import type { StorageArea } from './storage-area';

/** The vault: every credential, in `storage.local` under one key, with a schema version. */
export const VAULT_KEY = 'vault';
export const VAULT_VERSION = 1;

/** Numbered migrations: `migrations[n]` turns version n data into version n + 1. */
export type Migrations = Record<number, (data: unknown) => unknown>;
export const MIGRATIONS: Migrations = {};

const StoredSchema = v.object({ schemaVersion: v.number(), credentials: v.array(CredentialSchema) });
const VersionSchema = v.object({ schemaVersion: v.pipe(v.number(), v.integer(), v.minValue(0)) });

export interface Vault {
  /** Drops the in-memory copy (someone else wrote `storage.local`). */
  invalidate(): void;
  list(): Promise<Credential[]>;
  get(id: string): Promise<Credential>;
  add(credential: Omit<Credential, 'id'>): Promise<Credential>;
  update(id: string, patch: Partial<Omit<Credential, 'id'>>): Promise<Credential>;
  remove(id: string): Promise<Credential>;
}

export function createVault(
  storage: StorageArea,
  { version = VAULT_VERSION, migrations = MIGRATIONS, newId = () => crypto.randomUUID() } = {},
): Vault {
  const exclusive = serial();
  // Parsing 1,000 entries on every message costs more than the popup's whole budget: keep the parsed
  // list while the worker lives. It is a cache only; storage stays the truth and is re-read after a restart.
  let cached: Credential[] | undefined;

  async function read(): Promise<Credential[]> {
    if (cached) return cached;
    const raw = (await storage.get(VAULT_KEY))[VAULT_KEY];
    if (raw === undefined) return [];
    const head = v.safeParse(VersionSchema, raw);
    if (!head.success) throw corrupt();
    let data: unknown = raw;
    let at = head.output.schemaVersion;
    if (at > version)
      throw new KeyDeckError(
        'vault-newer',
        'Your keys were saved by a newer KeyDeck. Update KeyDeck to see them; nothing was changed.',
      );
    for (; at < version; at++) {
      const step = migrations[at];
      if (!step) throw corrupt();
      data = step(data);
    }
    const parsed = v.safeParse(StoredSchema, data);
    if (!parsed.success) throw corrupt();
    if (head.output.schemaVersion !== version) await write(parsed.output.credentials);
    return (cached = parsed.output.credentials);
  }

  async function write(credentials: Credential[]): Promise<void> {
    cached = undefined;
    await storage.set({ [VAULT_KEY]: { schemaVersion: version, credentials } });
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
        const credentials = await read();
        const credential = { ...fields, id: newId() };
        await write([...credentials, credential]);
        return credential;
      }),
    update: (id, patch) =>
      exclusive(async () => {
        const credentials = await read();
        const updated = { ...find(credentials, id), ...patch, id };
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

function corrupt(): KeyDeckError {
  return new KeyDeckError(
    'vault-corrupt',
    'Your stored keys could not be read (the data is damaged). KeyDeck left it untouched and will not overwrite it.',
  );
}
