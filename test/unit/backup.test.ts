// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { exportBackup, importBackup, mergeBackup, readBackup, type BackupVault } from '../../src/background/backup';
import { createLock } from '../../src/background/lock';
import { createVault } from '../../src/background/vault';
import { memoryKeyHolder } from '../support/memory-key-holder';
import { recordingAlarms, testVault } from '../support/test-vault';
import { fromBase64, toBase64 } from '../../src/background/crypto/bytes';
import type { Credential } from '../../src/shared/credential';
import { createStore } from '../../src/storage';
import { createMemoryBackend } from '../support/memory-backend';

const PASSPHRASE = 'correct horse battery';
const WRONG = 'Wrong passphrase, or the file was changed.';

const entry = (app: string, overrides: Partial<Credential> = {}): Credential => ({
  id: `id-${app}`,
  provider: 'octoprint',
  serviceUrl: 'http://octopi.local',
  app,
  user: 'admin',
  secrets: { apiKey: `${app.toUpperCase().padEnd(8, 'X')}0123456789ABCDEF01234567` },
  source: 'workflow',
  createdAt: 1_700_000_000_000,
  verification: { at: 1_700_000_001_000, ok: true, summary: 'Works', warnings: ['CORS is off'], serverVersion: '1.11.8' },
  ...overrides,
});

const CURA = entry('Cura');
const PORTAL = entry('Portal', {
  provider: 'octoeverywhere',
  serviceUrl: 'https://printer.octoeverywhere.com',
  secrets: { connectionUrl: 'https://printer.octoeverywhere.com', basicUser: 'u', basicPassword: 'p', bearerToken: 'bearer-token' },
  source: 'finish-page',
  capturedFrom: 'sha256-of-the-finish-url',
});

/** A vault that records its writes, over real storage: what the user would see after an import. */
function recordingVault(initial: Credential[] = []) {
  const backend = createMemoryBackend({ local: { vault: { schemaVersion: 1, credentials: initial } } });
  let next = 0;
  const store = createStore(backend);
  const lock = createLock({ items: store, deviceKey: memoryKeyHolder(), alarms: recordingAlarms() });
  const vault = createVault(store.vault, lock, { newId: () => `new-${++next}-0-0-0` });
  const writes: unknown[] = [];
  const recorded: BackupVault = {
    all: () => vault.all(),
    addMany: async (credentials) => {
      writes.push(credentials);
      return vault.addMany(credentials);
    },
  };
  /** What storage holds, read afresh and opened. */
  const stored = () => {
    vault.invalidate();
    return vault.all();
  };
  return { vault, recorded, writes, stored };
}

/** The file with one character of its ciphertext changed (base64 decoded, one bit flipped, encoded). */
function alterCiphertext(file: string): string {
  const json = JSON.parse(file);
  const bytes = fromBase64(json.box.data);
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
  return JSON.stringify({ ...json, box: { ...json.box, data: toBase64(bytes) } });
}

describe('the backup file', () => {
  test('round trip: every field of every entry comes back, secrets included; only the count is readable outside', async () => {
    const { file, count } = await exportBackup([CURA, PORTAL], PASSPHRASE);
    expect(count).toBe(2);
    const json = JSON.parse(file);
    expect(Object.keys(json).sort()).toEqual(['box', 'count', 'format', 'kdf', 'version']);
    expect(json).toMatchObject({ format: 'keydeck-backup', version: 1, count: 2, kdf: { name: 'PBKDF2-SHA-256', iterations: 600_000 } });
    for (const secret of [CURA.secrets.apiKey!, 'bearer-token', '"app":"Cura"', 'octopi.local']) expect(file).not.toContain(secret);
    await expect(readBackup(file, PASSPHRASE)).resolves.toEqual([CURA, PORTAL]);
  });

  test('two exports of the same vault differ (a fresh salt and IV each time)', async () => {
    const [a, b] = await Promise.all([exportBackup([CURA], PASSPHRASE), exportBackup([CURA], PASSPHRASE)]);
    expect(JSON.parse(a.file).kdf.salt).not.toBe(JSON.parse(b.file).kdf.salt);
    expect(JSON.parse(a.file).box.iv).not.toBe(JSON.parse(b.file).box.iv);
  });

  test('a passphrase shorter than 10 characters is refused at export', async () => {
    await expect(exportBackup([CURA], 'too short')).rejects.toThrow('The passphrase must be at least 10 characters.');
  });

  test('a wrong passphrase, an altered byte, an altered count or salt: "Wrong passphrase, or the file was changed."', async () => {
    const { file } = await exportBackup([CURA, PORTAL], PASSPHRASE);
    const json = JSON.parse(file);
    await expect(readBackup(file, 'correct horse battery!')).rejects.toThrow(WRONG);
    await expect(readBackup(alterCiphertext(file), PASSPHRASE)).rejects.toThrow(WRONG);
    await expect(readBackup(JSON.stringify({ ...json, count: 1 }), PASSPHRASE)).rejects.toThrow(WRONG);
    await expect(readBackup(JSON.stringify({ ...json, kdf: { ...json.kdf, salt: toBase64(new Uint8Array(16)) } }), PASSPHRASE)).rejects.toThrow(WRONG);
  });

  test.each([
    ['not JSON', 'hello'],
    ['another JSON file', '{"vault": []}'],
    ['a list', '[1, 2]'],
    ['a truncated file', '{"format":"keydeck-backup","version":1,"kdf":'],
    ['a backup without its box', '{"format":"keydeck-backup","version":1,"count":0,"kdf":{"name":"PBKDF2-SHA-256","iterations":600000,"salt":"AAAA"}}'],
    ['a negative count', '{"format":"keydeck-backup","version":1,"count":-1}'],
  ])('%s: "This is not a KeyDeck backup."', async (_, text) => {
    await expect(readBackup(text, PASSPHRASE)).rejects.toThrow('This is not a KeyDeck backup.');
  });

  test('a file from a newer KeyDeck says so, whatever else it holds', async () => {
    await expect(readBackup('{"format":"keydeck-backup","version":2,"sealed":"…"}', PASSPHRASE)).rejects.toThrow(
      'This backup was made by a newer KeyDeck (backup format 2). Update KeyDeck, then import it again.',
    );
  });

  test('a file over 16 MB is refused before it is parsed', async () => {
    await expect(readBackup(' '.repeat(16 * 1024 * 1024 + 1), PASSPHRASE)).rejects.toThrow('This file is too big to be a KeyDeck backup.');
  });

  test('an entry the vault would not store refuses the whole file, saying which', async () => {
    const huge = entry('Huge', { secrets: { apiKey: 'K'.repeat(5_000) } });
    const { file } = await exportBackup([CURA, huge], PASSPHRASE);
    await expect(readBackup(file, PASSPHRASE)).rejects.toThrow(
      'This backup cannot be imported: key 2 of 2 is damaged (its secrets.apiKey is longer than 4096 characters). Nothing was imported.',
    );
  });
});

describe('merging a backup into the vault', () => {
  test('keys already here are skipped (same provider, server and key; or the same finish page); the rest get new ids', () => {
    const sameKeyOtherApp = entry('Other name', { secrets: CURA.secrets });
    const samePage = { ...PORTAL, id: 'x', secrets: { bearerToken: 'another' } };
    const sameKeyOtherServer = entry('Cura', { id: 'y', serviceUrl: 'http://other.local' });
    const fresh = entry('Slicer');
    const { toAdd, skipped } = mergeBackup([CURA, PORTAL], [sameKeyOtherApp, samePage, sameKeyOtherServer, fresh, { ...fresh, id: 'twice' }]);
    expect(skipped).toBe(3);
    const { id: _a, ...otherServer } = sameKeyOtherServer;
    const { id: _b, ...slicer } = fresh;
    expect(toAdd).toEqual([otherServer, slicer]);
  });

  test('an import adds the new keys in one vault write; a second import of the same file adds nothing', async () => {
    const { vault, recorded, writes } = recordingVault([CURA]);
    const { file } = await exportBackup([CURA, PORTAL, entry('Slicer')], PASSPHRASE);
    await expect(importBackup(recorded, file, PASSPHRASE)).resolves.toEqual({ added: 2, skipped: 1 });
    expect(writes).toHaveLength(1);
    expect((await vault.list()).map((c) => [c.id, c.app])).toEqual([['id-Cura', 'Cura'], ['new-1-0-0-0', 'Portal'], ['new-2-0-0-0', 'Slicer']]);
    expect((await vault.all())[1]).toEqual({ ...PORTAL, id: 'new-1-0-0-0' });

    await expect(importBackup(recorded, file, PASSPHRASE)).resolves.toEqual({ added: 0, skipped: 3 });
    expect(writes).toHaveLength(1);
    expect(await vault.list()).toHaveLength(3);
  });

  test('a wrong passphrase, an altered file or a damaged entry writes nothing', async () => {
    const { recorded, writes, stored } = recordingVault([CURA]);
    const before = await stored();
    const good = await exportBackup([PORTAL, entry('Slicer')], PASSPHRASE);
    const damaged = await exportBackup([PORTAL, entry('Bad', { source: 'stolen' as Credential['source'] })], PASSPHRASE);
    await expect(importBackup(recorded, good.file, 'not the passphrase')).rejects.toThrow(WRONG);
    await expect(importBackup(recorded, alterCiphertext(good.file), PASSPHRASE)).rejects.toThrow(WRONG);
    await expect(importBackup(recorded, damaged.file, PASSPHRASE)).rejects.toThrow('key 2 of 2 is damaged');
    expect(writes).toEqual([]);
    expect(await stored()).toEqual(before);
  });

  test('when the one write fails (a full disk), the vault is as it was', async () => {
    const backend = createMemoryBackend({ local: { vault: { schemaVersion: 1, credentials: [CURA] } } });
    const vault = testVault(createStore(backend));
    expect(await vault.all()).toEqual([CURA]); // the v1 seed, sealed and rewritten as v2
    const before = structuredClone(backend.raw('local').vault);
    const { file } = await exportBackup([PORTAL, entry('Slicer')], PASSPHRASE);
    backend.failWrites('local', 'QUOTA_BYTES quota exceeded');
    await expect(importBackup(vault, file, PASSPHRASE)).rejects.toThrow();
    expect(backend.raw('local').vault).toEqual(before);
    expect(await vault.all()).toEqual([CURA]);
  });
});

describe('vault.addMany', () => {
  test('stores all entries in one write with new ids, or none when one of them cannot be stored', async () => {
    const { vault, stored } = recordingVault([CURA]);
    const { id: _p, ...portal } = PORTAL;
    const { id: _h, ...huge } = entry('Huge', { secrets: { apiKey: 'K'.repeat(5_000) } });
    await expect(vault.addMany([portal, huge])).rejects.toThrow('its secrets.apiKey is longer than 4096 characters');
    expect(await stored()).toEqual([CURA]);
    const added = await vault.addMany([portal, portal]);
    const ids = added.map((c) => c.id);
    expect(new Set(ids).size).toBe(2);
    expect(await stored()).toEqual([CURA, { ...portal, id: ids[0] }, { ...portal, id: ids[1] }]);
  });
});
