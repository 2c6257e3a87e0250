import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, test } from 'vitest';
import { createLock } from '../../src/background/lock';
import { createVault as createVaultOver } from '../../src/background/vault';
import type { Credential } from '../../src/shared/credential';
import { createStore, type StorageBackend, type StoredItem } from '../../src/storage';
import { bindItem } from '../../src/storage/item';
import * as items from '../../src/storage/items';
import { memoryKeyHolder } from '../support/memory-key-holder';
import { recordingAlarms } from '../support/test-vault';

const VAULT_KEY = 'vault';
const storage = fakeBrowser.storage.local;
const backend = fakeBrowser.storage as unknown as StorageBackend;
const vaultItem = () => createStore(backend).vault;
/** A vault over `item`, sealing with a lock over the fake browser's storage and an in-memory device key. */
function createVault(item: StoredItem<{ schemaVersion: number; credentials: items.StoredEntry[] }>) {
  const lock = createLock({ items: createStore(backend), deviceKey: memoryKeyHolder(), alarms: recordingAlarms() });
  return Object.assign(createVaultOver(item, lock), { lock });
}
/** The vault item with other migrations, to exercise the migration path. */
const withMigrations = (migrations: Record<number, (data: unknown) => unknown>) =>
  bindItem(backend, { ...items.vault, version: { ...items.vault.version!, migrations } });
const entry = (app: string, createdAt = 1): Omit<Credential, 'id'> => ({
  provider: 'octoprint',
  serviceUrl: 'http://octopi.local',
  app,
  secrets: { apiKey: `key-for-${app}-0000000000` },
  source: 'manual',
  createdAt,
});

beforeEach(() => fakeBrowser.reset());

describe('vault', () => {
  test('adds, lists, updates and removes credentials in storage.local with a schema version', async () => {
    const vault = createVault(vaultItem());
    const cura = await vault.add(entry('Cura'));
    const slicer = await vault.add(entry('Slicer'));
    expect((await vault.list()).map((c) => c.app)).toEqual(['Cura', 'Slicer']);
    await vault.update(cura.id, { user: 'admin' });
    expect((await vault.get(cura.id)).user).toBe('admin');
    await vault.remove(slicer.id);
    const { secrets, ...readable } = entry('Cura');
    const stored = (await storage.get(VAULT_KEY))[VAULT_KEY] as { schemaVersion: number; credentials: items.StoredEntry[] };
    expect(stored).toEqual({
      schemaVersion: 2,
      credentials: [{ ...readable, id: cura.id, user: 'admin', secretFields: ['apiKey'], keyTail: secrets.apiKey!.slice(-4), keyTag: expect.stringMatching(/^[0-9a-f]{16}$/), sealed: expect.any(Object) }],
    });
    expect(await vault.secrets(cura.id)).toEqual({ ...entry('Cura'), id: cura.id, user: 'admin' });
    await expect(vault.get(slicer.id)).rejects.toMatchObject({ code: 'not-found' });
  });

  test('concurrent writes do not lose each other', async () => {
    const vault = createVault(vaultItem());
    await Promise.all(Array.from({ length: 20 }, (_, i) => vault.add(entry(`app ${i}`))));
    expect(await vault.list()).toHaveLength(20);
  });

  test.each([
    ['not an object', 'garbage'],
    ['credentials of the wrong shape', { schemaVersion: 1, credentials: [{ id: 1 }] }],
    ['a v2 entry with no sealed secrets', { schemaVersion: 2, credentials: [{ ...entry('Cura'), secrets: undefined, id: 'a', secretFields: [] }] }],
    ['no version', { credentials: [] }],
  ])('damaged data (%s) is a typed error, and is never overwritten', async (_, damaged) => {
    await storage.set({ [VAULT_KEY]: damaged });
    const vault = createVault(vaultItem());
    await expect(vault.list()).rejects.toMatchObject({ code: 'vault-corrupt' });
    await expect(vault.add(entry('Cura'))).rejects.toMatchObject({ code: 'vault-corrupt' });
    expect((await storage.get(VAULT_KEY))[VAULT_KEY]).toEqual(damaged);
  });

  test('data from a newer KeyDeck is refused with its own error and kept as it is', async () => {
    const newer = { schemaVersion: 7, credentials: [{ anything: 'new' }] };
    await storage.set({ [VAULT_KEY]: newer });
    await expect(createVault(vaultItem()).add(entry('Cura'))).rejects.toMatchObject({ code: 'vault-newer' });
    expect((await storage.get(VAULT_KEY))[VAULT_KEY]).toEqual(newer);
  });

  test('older data is migrated step by step, and the next write stores the current version', async () => {
    // A made-up version 0 (a bare array of {app, key}) to exercise the migration path.
    await storage.set({ [VAULT_KEY]: { schemaVersion: 0, keys: [{ app: 'Cura', key: 'k-000000000000' }] } });
    const migrations = {
      0: (data: unknown) => ({
        schemaVersion: 1,
        credentials: (data as { keys: { app: string; key: string }[] }).keys.map((k, i) => ({ ...entry(k.app), id: `m${i}`, secrets: { apiKey: k.key } })),
      }),
      1: items.vault.version!.migrations[1]!,
    };
    const vault = createVault(withMigrations(migrations));
    expect((await vault.all()).map((c) => [c.app, c.secrets.apiKey])).toEqual([['Cura', 'k-000000000000']]);
    await vault.add(entry('Slicer'));
    const stored = (await storage.get(VAULT_KEY))[VAULT_KEY] as { schemaVersion: number; credentials: Credential[] };
    expect(stored.schemaVersion).toBe(2);
    expect(stored.credentials.map((c) => c.app)).toEqual(['Cura', 'Slicer']);
  });

  test('v1 → v2 keeps every key, and seals it at the first read: no secret stays readable in storage', async () => {
    const v1 = [
      { ...entry('Cura'), id: 'a', secrets: { apiKey: 'A'.repeat(43) } },
      { ...entry('Portal'), id: 'b', secrets: { connectionUrl: 'https://x.octoeverywhere.com', basicUser: 'u-secret-user', basicPassword: 'p-secret-password' } },
    ];
    await storage.set({ [VAULT_KEY]: { schemaVersion: 1, credentials: v1 } });
    const vault = createVault(vaultItem());
    expect((await vault.list()).map((c) => [c.id, c.secretFields])).toEqual([['a', ['apiKey']], ['b', ['connectionUrl', 'basicUser', 'basicPassword']]]);
    const raw = JSON.stringify(await storage.get(null as unknown as string));
    for (const secret of ['A'.repeat(43), 'p-secret-password', 'u-secret-user']) expect(raw).not.toContain(secret);
    expect(await vault.all()).toEqual(v1);
  });
  test('a version with no migration to bring it forward is reported as damaged, not dropped', async () => {
    await storage.set({ [VAULT_KEY]: { schemaVersion: 0, keys: [] } });
    await expect(createVault(withMigrations({})).list()).rejects.toMatchObject({
      code: 'vault-corrupt',
    });
  });
});

describe('vault cache', () => {
  beforeEach(() => fakeBrowser.reset());

  test('keeps the parsed list between reads, and re-reads storage once told it changed', async () => {
    const vault = createVault(vaultItem());
    await vault.add(entry('Cura'));
    await storage.set({ [VAULT_KEY]: { schemaVersion: 2, credentials: [] } }); // written behind its back
    expect(await vault.list()).toHaveLength(1);
    vault.invalidate();
    expect(await vault.list()).toHaveLength(0);
  });

  test('a list handed out cannot change the vault', async () => {
    const vault = createVault(vaultItem());
    await vault.add(entry('Cura'));
    (await vault.list()).pop();
    expect(await vault.list()).toHaveLength(1);
  });
});

describe('sealed secrets', () => {
  beforeEach(() => fakeBrowser.reset());

  test('storage holds no secret, only ciphertext; list and get never carry one', async () => {
    const vault = createVault(vaultItem());
    const cura = await vault.add(entry('Cura'));
    const key = entry('Cura').secrets.apiKey!;
    expect(JSON.stringify(await storage.get(null as unknown as string))).not.toContain(key);
    expect(JSON.stringify(await vault.list())).not.toContain(key);
    expect(JSON.stringify(await vault.get(cura.id))).not.toContain(key);
    expect((await vault.secrets(cura.id)).secrets.apiKey).toBe(key);
  });

  test("an envelope moved onto another entry does not open: each is bound to its entry's id", async () => {
    const vault = createVault(vaultItem());
    const cura = await vault.add(entry('Cura'));
    const slicer = await vault.add(entry('Slicer'));
    const stored = (await storage.get(VAULT_KEY))[VAULT_KEY] as { schemaVersion: number; credentials: items.StoredEntry[] };
    const [a, b] = stored.credentials;
    await storage.set({ [VAULT_KEY]: { ...stored, credentials: [{ ...a, sealed: b!.sealed }, b] } });
    vault.invalidate();
    await expect(vault.secrets(cura.id)).rejects.toMatchObject({ code: 'vault-corrupt' });
    expect((await vault.secrets(slicer.id)).secrets.apiKey).toBe(entry('Slicer').secrets.apiKey);
  });

  test('while locked a key is still stored, and opens after unlocking', async () => {
    const vault = createVault(vaultItem());
    const cura = await vault.add(entry('Cura'));
    await vault.lock.set('correct horse battery');
    await vault.lock.lockNow();
    const arrived = await vault.add(entry('Arrived while locked'));
    expect((await vault.list()).map((c) => c.app)).toEqual(['Cura', 'Arrived while locked']);
    await expect(vault.secrets(arrived.id)).rejects.toMatchObject({ code: 'locked' });
    await expect(vault.all()).rejects.toMatchObject({ code: 'locked' });
    await vault.lock.unlock('correct horse battery');
    expect((await vault.secrets(arrived.id)).secrets.apiKey).toBe(entry('Arrived while locked').secrets.apiKey);
    expect((await vault.secrets(cura.id)).secrets.apiKey).toBe(entry('Cura').secrets.apiKey);
  });

  test('a new secret in an update is sealed in place of the old one', async () => {
    const vault = createVault(vaultItem());
    const cura = await vault.add(entry('Cura'));
    const updated = await vault.update(cura.id, { secrets: { apiKey: 'N'.repeat(43) } });
    expect(updated.keyTail).toBe('NNNN');
    expect((await vault.secrets(cura.id)).secrets).toEqual({ apiKey: 'N'.repeat(43) });
    expect(JSON.stringify(await storage.get(null as unknown as string))).not.toContain('N'.repeat(43));
  });
});

describe('ready for an arriving key (vault.prepare, before a hand-over’s finish)', () => {
  beforeEach(() => fakeBrowser.reset());

  const envelopesIn = async () =>
    ((await storage.get(VAULT_KEY))[VAULT_KEY] as { credentials: items.StoredEntry[] }).credentials.map((c) => c.sealed!.epk);

  test('keys that arrive after it, while locked, are sealed each in its own envelope and open after unlocking', async () => {
    const vault = createVault(vaultItem());
    await vault.add(entry('Cura'));
    await vault.lock.set('correct horse battery');
    await vault.lock.lockNow();
    await vault.prepare();
    const [first, second] = await Promise.all([vault.add(entry('Finish page')), vault.add(entry('Second'))]);
    await vault.prepare();
    const third = await vault.add(entry('Third'));
    const epks = await envelopesIn();
    expect(new Set(epks).size).toBe(4); // the spare is used once, never shared
    expect(JSON.stringify(await storage.get(null as unknown as string))).not.toContain(entry('Finish page').secrets.apiKey);
    await expect(vault.secrets(first.id)).rejects.toMatchObject({ code: 'locked' });
    await vault.lock.unlock('correct horse battery');
    for (const [added, app] of [[first, 'Finish page'], [second, 'Second'], [third, 'Third']] as const)
      expect((await vault.secrets(added.id)).secrets.apiKey).toBe(entry(app).secrets.apiKey);
  });

  test('a keyring replaced after it (storage reset behind the worker) is what the next key is sealed to', async () => {
    const vault = createVault(vaultItem());
    await vault.add(entry('Before'));
    await vault.prepare();
    await storage.clear(); // keyring and vault gone, as after a reset
    vault.invalidate();
    const after = await vault.add(entry('After'));
    expect((await vault.secrets(after.id)).secrets.apiKey).toBe(entry('After').secrets.apiKey);
  });
});
