import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, test } from 'vitest';
import { createVault } from '../../src/background/vault';
import type { Credential } from '../../src/shared/credential';
import { createStore, type StorageBackend } from '../../src/storage';
import { bindItem } from '../../src/storage/item';
import * as items from '../../src/storage/items';

const VAULT_KEY = 'vault';
const storage = fakeBrowser.storage.local;
const backend = fakeBrowser.storage as unknown as StorageBackend;
const vaultItem = () => createStore(backend).vault;
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
    expect(await storage.get(VAULT_KEY)).toEqual({
      [VAULT_KEY]: { schemaVersion: 1, credentials: [{ ...entry('Cura'), id: cura.id, user: 'admin' }] },
    });
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
        credentials: (data as { keys: { app: string; key: string }[] }).keys.map((k, i) => ({
          ...entry(k.app),
          id: `m${i}`,
          secrets: { apiKey: k.key },
        })),
      }),
    };
    const vault = createVault(withMigrations(migrations));
    expect((await vault.list()).map((c) => [c.app, c.secrets.apiKey])).toEqual([['Cura', 'k-000000000000']]);
    await vault.add(entry('Slicer'));
    const stored = (await storage.get(VAULT_KEY))[VAULT_KEY] as { schemaVersion: number; credentials: Credential[] };
    expect(stored.schemaVersion).toBe(1);
    expect(stored.credentials.map((c) => c.app)).toEqual(['Cura', 'Slicer']);
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
    await storage.set({ [VAULT_KEY]: { schemaVersion: 1, credentials: [] } }); // written behind its back
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
