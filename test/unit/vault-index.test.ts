import { describe, expect, test } from 'vitest';
import { createLock } from '../../src/background/lock';
import { createVault } from '../../src/background/vault';
import { fillVaultIndex } from '../../src/background/vault-index-fill';
import { memoryKeyHolder } from '../support/memory-key-holder';
import { createApi } from '../../src/popup/api';
import { readCredentials } from '../../src/popup/credential-source';
import { EntryFieldsSchema, toView, type Credential } from '../../src/shared/credential';
import { createStore } from '../../src/storage';
import type { StorageArea } from '../../src/storage/item';
import { VAULT_VERSION, type StoredEntry } from '../../src/storage/items';
import { countVaultIndex, decodeVaultIndex, encodeVaultIndex, INDEXED_FIELDS, VAULT_INDEX_VERSION } from '../../src/storage/vault-index';
import { createMemoryBackend } from '../support/memory-backend';
import { recordingAlarms, testVault } from '../support/test-vault';
import { storedEntry } from './support/fake-api';

const KEY = 'e3b0c44298fc1c149afbf4c8996fb924';
const credential = (overrides: Partial<Credential> = {}): Credential => ({
  id: `id-${Math.random()}`,
  provider: 'octoprint',
  serviceUrl: 'http://voron.local',
  app: 'Cura',
  secrets: { apiKey: KEY },
  source: 'workflow',
  createdAt: 1_700_000_000_000,
  ...overrides,
});

/** Entries with every optional field present, absent, and repeated text shared between them. */
const variedCredentials = (): Credential[] => [
  credential({ id: 'a', user: 'admin', verification: { at: 5, ok: true, summary: 'Works as admin.', warnings: ['No Operator.', 'Old.'], serverVersion: '1.11.8' } }),
  credential({ id: 'b', user: 'admin', verification: { at: 6, ok: false, summary: 'Works as admin.', warnings: [] } }),
  credential({
      id: 'c',
      provider: 'octoeverywhere',
      serviceUrl: 'https://shared-1.octoeverywhere.com',
      secrets: { connectionUrl: 'https://shared-1.octoeverywhere.com', basicUser: 'u', basicPassword: 'p' },
      source: 'finish-page',
      details: { printerName: 'Voron 2.4', printerId: 'abc' },
      capturedFrom: 'f'.repeat(64),
    }),
  credential({ id: 'd', provider: 'cocalc', serviceUrl: 'https://cocalc.com', source: 'account-api', remoteId: '42', expiresAt: 1_800_000_000_000 }),
];
const varied = (): StoredEntry[] => variedCredentials().map(storedEntry);
const withoutId = ({ id: _id, ...fields }: Credential) => fields;

describe('the vault index', () => {
  test('gives back exactly what the popup showed from the vault itself', () => {
    const entries = varied();
    expect(decodeVaultIndex(encodeVaultIndex(entries))).toEqual(entries.map(toView));
  });

  test('covers every readable field of an entry (a field added to entries must be added to the index)', () => {
    const readable = Object.keys(EntryFieldsSchema.entries).filter((field) => field !== 'keyTag');
    expect([...INDEXED_FIELDS].sort()).toEqual(readable.sort());
  });

  test('holds no secret and no key tag, even of an entry not sealed yet', () => {
    const entry = { ...storedEntry(credential({ secrets: { apiKey: KEY, bearerToken: 'bearer-secret-token' } })), keyTag: '0123456789abcdef' };
    const text = encodeVaultIndex([entry]);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('bearer-secret-token');
    expect(text).not.toContain('0123456789abcdef');
    expect(decodeVaultIndex(text)![0]!.maskedKey).toBe(`••••${KEY.slice(-4)}`);
  });

  test.each([
    ['not JSON', '{'],
    ['another version', JSON.stringify([VAULT_INDEX_VERSION + 1, [], []])],
    ['a string position out of range', JSON.stringify([VAULT_INDEX_VERSION, ['x'], [['a', 0, 0, 7, null, 0, 1, null, null, null, null, null, [], null]]])],
    ['an unknown source', JSON.stringify([VAULT_INDEX_VERSION, ['x'], [['a', 0, 0, 0, null, 0, 1, null, null, null, null, null, [], null]]])],
    ['a row cut short', JSON.stringify([VAULT_INDEX_VERSION, ['x'], [['a', 0, 0]]])],
  ])('is not used when damaged (%s)', (_, text) => {
    expect(decodeVaultIndex(text)).toBeNull();
  });
});

describe('the index in storage', () => {
  test('is written in the same storage call as every vault write (which empties the inbox), and removed with it', async () => {
    const backend = createMemoryBackend();
    const calls: Record<string, unknown>[] = [];
    const local: StorageArea = { ...backend.local, set: (items) => (calls.push(items), backend.local.set(items)) };
    const store = createStore({ ...backend, local });
    const vault = testVault(store);
    await vault.add(withoutId(credential()));
    const vaultWrites = calls.filter((items) => 'vault' in items);
    expect(vaultWrites.length).toBeGreaterThan(0);
    for (const items of vaultWrites) expect(Object.keys(items).sort()).toEqual(['vault', 'vaultInbox', 'vaultIndex']);
    expect((await store.vaultIndex.get())!.map((view) => view.app)).toEqual(['Cura']);
    await store.vault.remove();
    expect(backend.raw('local')).not.toHaveProperty('vaultIndex');
  });

  test('the popup lists from the index without reading the sealed vault', async () => {
    const backend = createMemoryBackend();
    const read: string[] = [];
    const local: StorageArea = { ...backend.local, get: (keys) => (read.push(...[keys].flat()), backend.local.get(keys)) };
    const store = createStore({ ...backend, local });
    await store.vault.set({ schemaVersion: VAULT_VERSION, credentials: varied() });
    const listed = await readCredentials(store);
    expect(listed.map((view) => view.id).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(read).not.toContain('vault');
  });

  test('a vault written before the index existed is still listed, then indexed at install', async () => {
    const entries = variedCredentials();
    const backend = createMemoryBackend();
    const store = createStore(backend);
    const vault = testVault(store);
    await vault.addMany(entries.map(withoutId));
    await backend.local.remove('vaultIndex'); // as an older KeyDeck left it
    const before = await readCredentials(store);
    expect(before).toHaveLength(entries.length);
    await fillVaultIndex({ store, vault });
    expect(backend.raw('local')).toHaveProperty('vaultIndex');
    expect(await store.vaultIndex.get()).toEqual(expect.arrayContaining(before));
    expect(await readCredentials(store)).toEqual(before);
  });

  test('an index an older KeyDeck left behind (a downgrade) is written again at install', async () => {
    const backend = createMemoryBackend();
    const store = createStore(backend);
    const vault = testVault(store);
    await vault.add(withoutId(credential({ app: 'Cura' })));
    await backend.local.set({ vaultIndex: encodeVaultIndex([]) }); // stale: the vault holds a key
    await fillVaultIndex({ store, vault });
    expect((await store.vaultIndex.get())!.map((view) => view.app)).toEqual(['Cura']);
  });

  test("a cold worker tells whether the vault holds a key from the index, without reading the vault", async () => {
    const backend = createMemoryBackend();
    await createStore(backend).vault.set({ schemaVersion: VAULT_VERSION, credentials: [storedEntry(credential())] });
    const read: string[] = [];
    const local: StorageArea = { ...backend.local, get: (keys) => (read.push(...[keys].flat()), backend.local.get(keys)) };
    const store = createStore({ ...backend, local });
    const lock = createLock({ items: store, deviceKey: memoryKeyHolder(), alarms: recordingAlarms() });
    const vault = createVault(store.vault, lock, { index: store.vaultIndexCount });
    expect(await vault.holdsKey()).toBe(true);
    expect(read).not.toContain('vault');
    await store.vault.set({ schemaVersion: VAULT_VERSION, credentials: [] });
    expect(await createVault(store.vault, lock, { index: store.vaultIndexCount }).holdsKey()).toBe(false);
  });

  test('counts the entries without decoding them; a damaged index counts as none known, and the vault itself is read', async () => {
    expect(countVaultIndex(encodeVaultIndex(varied()))).toBe(4);
    for (const damaged of ['', '{', '[2,[],[]]', '[1,[],{}]']) expect(countVaultIndex(damaged)).toBeNull();
    const backend = createMemoryBackend();
    const store = createStore(backend);
    await store.vault.set({ schemaVersion: VAULT_VERSION, credentials: [storedEntry(credential())] });
    await backend.local.set({ vaultIndex: '[1,' });
    const lock = createLock({ items: store, deviceKey: memoryKeyHolder(), alarms: recordingAlarms() });
    expect(await createVault(store.vault, lock, { index: store.vaultIndexCount }).holdsKey()).toBe(true);
  });

  test('an empty vault is not written at install', async () => {
    const backend = createMemoryBackend();
    const store = createStore(backend);
    await fillVaultIndex({ store, vault: testVault(store) });
    expect(backend.raw('local')).not.toHaveProperty('vault');
    expect(backend.raw('local')).not.toHaveProperty('vaultIndex');
  });
});

describe("the popup's first read", () => {
  const popupApi = (backend: ReturnType<typeof createMemoryBackend>) =>
    createApi({ storage: backend, runtime: {}, permissions: {}, tabs: {} } as unknown as Parameters<typeof createApi>[0]);

  test('starts as the popup does, and a key stored before the list asks for it is listed', async () => {
    const backend = createMemoryBackend();
    const store = createStore(backend);
    await store.vault.set({ schemaVersion: VAULT_VERSION, credentials: [storedEntry(credential({ id: 'old', app: 'Cura' }))] });
    const api = popupApi(backend); // its read of the list starts here
    await store.vault.update((vault) => ({ ...vault, credentials: [...vault.credentials, storedEntry(credential({ id: 'new', app: 'Slicer', createdAt: 1_800_000_000_000 }))] }));
    expect((await api.credentials()).map((view) => view.app)).toEqual(['Slicer', 'Cura']);
  });

  test('later reads are fresh', async () => {
    const backend = createMemoryBackend();
    const store = createStore(backend);
    const api = popupApi(backend);
    expect(await api.credentials()).toEqual([]);
    await store.vault.set({ schemaVersion: VAULT_VERSION, credentials: [storedEntry(credential({ id: 'k', app: 'Cura' }))] });
    expect((await api.credentials()).map((view) => view.id)).toEqual(['k']);
  });

  test('a vault damaged behind its index is still reported, once the first screen is drawn', async () => {
    const backend = createMemoryBackend();
    await createStore(backend).vault.set({ schemaVersion: VAULT_VERSION, credentials: [storedEntry(credential({ id: 'k' }))] });
    await backend.local.set({ vault: { schemaVersion: 2, credentials: 'not a list' } }); // the index is left as it was
    const api = popupApi(backend);
    const rechecked = new Promise<void>((resolve) => api.onCredentialsChange(resolve));
    expect((await api.credentials()).map((view) => view.id)).toEqual(['k']);
    await rechecked;
    await expect(api.credentials()).rejects.toMatchObject({ code: 'vault-corrupt' });
  });

  test('a vault written without its index (an older KeyDeck after a downgrade) is what is shown', async () => {
    const backend = createMemoryBackend();
    await createStore(backend).vault.set({ schemaVersion: VAULT_VERSION, credentials: [storedEntry(credential({ id: 'gone' }))] });
    await backend.local.set({ vault: { schemaVersion: 2, credentials: [storedEntry(credential({ id: 'kept' }))] } });
    const api = popupApi(backend);
    const rechecked = new Promise<void>((resolve) => api.onCredentialsChange(resolve));
    await api.credentials();
    await rechecked;
    expect((await api.credentials()).map((view) => view.id)).toEqual(['kept']);
  });
});
