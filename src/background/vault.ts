import { t } from '../shared/i18n';
import * as v from 'valibot';
import { boundedCredential, SECRET_FIELDS, SecretsSchema, type Credential, type VaultEntry } from '../shared/credential';
import { KeyDeckError } from '../shared/errors';
import { serial } from '../shared/serial';
import type { StoredItem } from '../storage';
import { VAULT_VERSION, type StoredEntry } from '../storage/items';
import { fromUtf8, utf8 } from './crypto/bytes';
import { sealWith, unseal } from './crypto/seal';
import { spareEnvelope } from './crypto/spare-envelope';
import { keyTag } from './fingerprint';
import { withFields } from './vault-fields';

type VaultData = { schemaVersion: number; credentials: StoredEntry[] };

/** The keys the vault seals and opens with (lock.ts): opening throws `locked` while locked. */
export interface Sealer {
  publicKey(): Promise<CryptoKey>;
  privateKey(): Promise<CryptoKey>;
}

/** Readable fields of an entry, to change without touching its secrets. */
export type FieldPatch = Partial<Omit<Credential, 'id' | 'secrets'>>;

export interface Vault {
  /** Drops the in-memory copy (someone else wrote the vault). */
  invalidate(): void;
  /**
   * Gets ready for a key about to arrive (a hand-over under way): reads the entries, imports the
   * public key and makes a spare envelope, so `add` then costs one AES-GCM call and one write.
   */
  prepare(): Promise<void>;
  /** Every entry without its secrets: works while locked. */
  list(): Promise<VaultEntry[]>;
  get(id: string): Promise<VaultEntry>;
  /** The entry with its secrets opened; throws `locked` while locked. */
  secrets(id: string): Promise<Credential>;
  /** Every entry with its secrets opened; throws `locked` while locked. */
  all(): Promise<Credential[]>;
  /** Seals and stores: works while locked, so nothing that arrives is lost. */
  add(credential: Omit<Credential, 'id'>): Promise<VaultEntry>;
  /**
   * A key just handed over: sealed like `add`, but written to the small inbox item (storage/items.ts),
   * so it lands in a few ms however large the vault is. Every read sees it at once; `fold` moves it.
   */
  receive(credential: Omit<Credential, 'id'>): Promise<VaultEntry>;
  /** Writes what the inbox holds into the vault (once a hand-over is done, and when a worker starts). */
  fold(): Promise<void>;
  /** Several at once, in one write: all are stored or none. */
  addMany(credentials: Omit<Credential, 'id'>[]): Promise<VaultEntry[]>;
  /** Changes readable fields; new `secrets` are sealed in place of the old. */
  update(id: string, patch: Partial<Omit<Credential, 'id'>>): Promise<VaultEntry>;
  /** Readable fields of several entries in one write (ids no longer held are skipped). */
  updateFields(patches: ReadonlyMap<string, FieldPatch>): Promise<void>;
  remove(id: string): Promise<VaultEntry>;
  /** Stores the entries again as they are, so the index written with them is there (vault-index-fill.ts). */
  rewrite(): Promise<void>;
  /** Whether any entry is stored: from the index while the vault is not in memory (a cold worker's first answer). */
  holdsKey(): Promise<boolean>;
}

// Each record's id is bound to its envelope: a sealed box copied onto another entry does not open.
const context = (id: string) => `keydeck-vault:${id}`;

/**
 * Every credential, in the `vault` storage item (src/storage/items.ts says where, its schema and its
 * migrations), each one's secrets sealed to the keyring's public key. A damaged or newer vault throws
 * on read and is never overwritten.
 */
export function createVault(
  item: StoredItem<VaultData>,
  sealer: Sealer,
  { newId = () => crypto.randomUUID(), index, inbox }: { newId?: () => string; index?: StoredItem<number | null>; inbox?: StoredItem<VaultData> } = {},
): Vault {
  const exclusive = serial();
  // Parsing 1,000 entries on every message costs more than the popup's whole budget: keep the parsed
  // list while the worker lives. It is a cache only; storage stays the truth and is re-read after a restart.
  let cached: StoredEntry[] | undefined;
  // The entries of `cached` that are only in the inbox (after the vault's own, in arrival order).
  let pending: StoredEntry[] = [];
  const envelopes = spareEnvelope(sealer.publicKey);

  async function sealEntry(credential: Credential): Promise<StoredEntry> {
    // Checked on the way in, so nothing unbounded is ever written (shared/credential.ts).
    const { secrets, ...fields } = boundedCredential(credential);
    const held = SECRET_FIELDS.filter((field) => secrets[field]);
    // Each WebCrypto call is a hop to another thread: the tag and the envelope are made side by side.
    const [tag, sealed] = await Promise.all([
      secrets.apiKey ? keyTag(secrets.apiKey) : undefined,
      (async () => sealWith(await envelopes.take(await sealer.publicKey()), utf8(JSON.stringify(secrets)), context(fields.id)))(),
    ]);
    return { ...fields, secretFields: held, ...(secrets.apiKey ? { keyTail: secrets.apiKey.slice(-4), keyTag: tag } : {}), sealed };
  }

  /** The credential with `secrets` (already clear in an entry just migrated from v1, else opened). */
  async function openEntry(entry: StoredEntry, privateKey: () => Promise<CryptoKey>): Promise<Credential> {
    const { sealed, unsealed, secretFields: _held, keyTail: _tail, keyTag: _tag, ...fields } = entry;
    if (!sealed) return { ...fields, secrets: unsealed ?? {} };
    const key = await privateKey(); // outside the try: `locked` must reach the user as it is
    try {
      return { ...fields, secrets: v.parse(SecretsSchema, JSON.parse(fromUtf8(await unseal(key, sealed, context(entry.id))))) };
    } catch {
      throw new KeyDeckError('vault-corrupt', t('errSecretsDamaged', entry.app));
    }
  }

  /** Every entry, the inbox's included: the same `set` empties the inbox (the vault's companion). */
  async function write(entries: StoredEntry[]): Promise<void> {
    cached = undefined;
    await item.set({ schemaVersion: VAULT_VERSION, credentials: entries });
    cached = entries;
    pending = [];
  }

  /**
   * The stored entries, the inbox's after the vault's (one already in the vault — folded, then the
   * worker stopped before the inbox was emptied — counts once); a vault just migrated from v1 is
   * sealed and rewritten before anything else.
   */
  async function read(): Promise<StoredEntry[]> {
    if (cached) return cached;
    const [stored, arrived] = await Promise.all([item.get(), inbox?.get()]);
    const held = new Set(stored.credentials.map((entry) => entry.id));
    const waiting = (arrived?.credentials ?? []).filter((entry) => !held.has(entry.id));
    const entries = [...stored.credentials, ...waiting];
    pending = waiting;
    if (!entries.some((entry) => entry.unsealed)) return (cached = entries);
    const sealed = await Promise.all(entries.map(async (entry) => (entry.unsealed ? sealEntry(await openEntry(entry, sealer.privateKey)) : entry)));
    await write(sealed);
    return sealed;
  }

  function find(entries: StoredEntry[], id: string): StoredEntry {
    const found = entries.find((c) => c.id === id);
    if (!found) throw new KeyDeckError('not-found', t('errKeyGone'));
    return found;
  }

  const addAll = (credentials: Omit<Credential, 'id'>[]) =>
    exclusive(async () => {
      const added = await Promise.all(credentials.map((fields) => sealEntry({ ...fields, id: newId() })));
      await write([...(await read()), ...added]);
      return added;
    });

  return {
    invalidate: () => void (cached = undefined),
    prepare: async () => {
      await Promise.all([exclusive(read), envelopes.fill()]);
    },
    list: () => exclusive(async () => [...(await read())]),
    get: (id) => exclusive(async () => find(await read(), id)),
    secrets: (id) => exclusive(async () => openEntry(find(await read(), id), sealer.privateKey)),
    all: () =>
      exclusive(async () => {
        const entries = await read();
        const privateKey = await sealer.privateKey(); // once, not once per entry
        return Promise.all(entries.map((entry) => openEntry(entry, async () => privateKey)));
      }),
    add: async (fields) => (await addAll([fields]))[0]!,
    receive: async (fields) => {
      if (!inbox) return (await addAll([fields]))[0]!;
      return exclusive(async () => {
        const [entries, entry] = await Promise.all([read(), sealEntry({ ...fields, id: newId() })]);
        const waiting = [...pending, entry];
        await inbox.set({ schemaVersion: VAULT_VERSION, credentials: waiting });
        cached = [...entries, entry];
        pending = waiting;
        return entry;
      });
    },
    async fold() {
      // The inbox alone is read first (small): an empty one, the usual case, costs no vault read.
      if (!inbox || (!cached && (await inbox.get()).credentials.length === 0)) return;
      await exclusive(async () => {
        const entries = await read();
        if (pending.length > 0) await write(entries);
      });
    },
    addMany: addAll,
    update: (id, patch) =>
      exclusive(async () => {
        const entries = await read();
        const entry = find(entries, id);
        const updated = patch.secrets
          ? await sealEntry({ ...(await openEntry(entry, sealer.privateKey)), ...patch, id })
          : withFields(entry, patch);
        await write(entries.map((c) => (c.id === id ? updated : c)));
        return updated;
      }),
    updateFields: (patches) =>
      exclusive(async () => {
        if (patches.size === 0) return;
        const entries = await read();
        await write(entries.map((c) => (patches.has(c.id) ? withFields(c, patches.get(c.id)!) : c)));
      }),
    remove: (id) =>
      exclusive(async () => {
        const entries = await read();
        const removed = find(entries, id);
        await write(entries.filter((c) => c.id !== id));
        return removed;
      }),
    rewrite: () => exclusive(async () => write(await read())),
    async holdsKey() {
      const [indexed, arrived] = cached ? [] : await Promise.all([index?.get(), inbox?.get()]);
      if (typeof indexed === 'number') return indexed + (arrived?.credentials.length ?? 0) > 0;
      return (cached ?? (await exclusive(read))).length > 0;
    },
  };
}
