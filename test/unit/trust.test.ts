// Issue 9 ("Trust"): app names with invisible characters, URLs a server names, and bounded vault entries.
import { describe, expect, test } from 'vitest';
import { testVault } from '../support/test-vault';
import type { Credential } from '../../src/shared/credential';
import { onServer } from '../../src/shared/server-url';
import { checkAppName } from '../../src/shared/validation';
import { createStore } from '../../src/storage';
import { createMemoryStorage, memoryBackend } from '../integration/support/memory-storage';

describe('app names with characters that change how they read are refused', () => {
  test.each([
    ['U+202E right-to-left override', 'Cura\u202Eexe.'],
    ['U+202A left-to-right embedding', '\u202ACura'],
    ['U+2066 left-to-right isolate', 'Cu\u2066ra'],
    ['U+2069 pop directional isolate', 'Cura\u2069'],
    ['U+200B zero-width space', 'Cu\u200Bra'],
    ['U+200D zero-width joiner', 'Cu\u200Dra'],
    ['U+200F right-to-left mark', 'Cura\u200F'],
    ['U+FEFF byte order mark (inside: trim() drops it at either end)', 'Cu\uFEFFra'],
  ])('%s', (_, name) => {
    expect(checkAppName(name)).toBe(
      'The app name must not contain invisible characters (right-to-left overrides or zero-width characters): they can make it read as another name.',
    );
  });

  test.each(['Cura', 'OctoApp für Android', 'מדפסת', 'プリンター'])('%j is fine', (name) => {
    expect(checkAppName(name)).toBeNull();
  });
});

describe('a URL a server names is used only on that server, below its base path', () => {
  const base = 'https://printer.example:8443/octoprint';
  test.each([
    ['the poll URL OctoPrint sends', `${base}/plugin/appkeys/request/T`, `${base}/plugin/appkeys/request/T`],
    ['with a query', `${base}/plugin/appkeys/auth/T?user=bob`, `${base}/plugin/appkeys/auth/T?user=bob`],
    ['a relative path below the base', '/octoprint/plugin/appkeys/request/T', `${base}/plugin/appkeys/request/T`],
    ['another host', 'https://evil.example:8443/octoprint/plugin/appkeys/request/T', null],
    ['another port', 'https://printer.example:9443/octoprint/plugin/appkeys/request/T', null],
    ['another scheme', 'http://printer.example:8443/octoprint/plugin/appkeys/request/T', null],
    ['a protocol-relative URL', '//evil.example/octoprint/x', null],
    ['beside the base path', 'https://printer.example:8443/octoprint-evil/x', null],
    ['above the base path', 'https://printer.example:8443/plugin/appkeys/request/T', null],
    ['out of the base path by dot segments', `${base}/../admin`, null],
    ['with user info', 'https://a:b@printer.example:8443/octoprint/x', null],
    ['data:', 'data:text/html,hi', null],
    ['javascript:', 'javascript:alert(1)', null],
    ['nothing', '', null],
    ['an oversized URL', `${base}/${'x'.repeat(5_000)}`, null],
  ])('%s', (_, candidate, expected) => {
    expect(onServer(candidate, base)).toBe(expected);
  });

  test('a server at the root accepts any path on its origin', () => {
    expect(onServer('http://octopi.local/plugin/appkeys/auth/T', 'http://octopi.local')).toBe('http://octopi.local/plugin/appkeys/auth/T');
    expect(onServer('http://octopi.local.evil/plugin/appkeys/auth/T', 'http://octopi.local')).toBeNull();
  });
});

describe('the vault writes no oversized entry', () => {
  const vaultOf = () => {
    const local = createMemoryStorage();
    return { local, vault: testVault(createStore(memoryBackend(local, createMemoryStorage()))) };
  };
  const entry: Omit<Credential, 'id'> = {
    provider: 'octoprint', serviceUrl: 'http://octopi.local', app: 'Cura', secrets: { apiKey: 'A'.repeat(43) }, source: 'workflow', createdAt: 1,
  };

  test('text a person reads is cut with an ellipsis: user name, summary, warnings, version, details', async () => {
    const { vault, local } = vaultOf();
    const huge = 'x'.repeat(1_000_000);
    const saved = await vault.add({ ...entry, user: huge, details: { printer: huge } });
    await vault.update(saved.id, { verification: { at: 2, ok: true, summary: huge, warnings: Array(100).fill(huge), serverVersion: huge } });
    const [stored] = await vault.list();
    expect(stored!.user).toBe(`${'x'.repeat(199)}…`);
    expect(stored!.details!.printer!.endsWith('…')).toBe(true);
    expect(stored!.verification!.summary.endsWith('…')).toBe(true);
    expect(stored!.verification!.warnings.length).toBeLessThanOrEqual(20);
    expect(stored!.verification!.serverVersion!.length).toBe(200);
    expect(JSON.stringify(local.snapshot()).length).toBeLessThan(60_000);
  });

  test('an oversized key or app name is refused with a sentence, and nothing is written', async () => {
    const { vault, local } = vaultOf();
    await expect(vault.add({ ...entry, secrets: { apiKey: 'k'.repeat(100_000) } })).rejects.toThrow(
      'This entry cannot be stored: its secrets.apiKey is longer than 4096 characters.',
    );
    await expect(vault.add({ ...entry, app: 'a'.repeat(1_000) })).rejects.toThrow(/^This entry cannot be stored: its app is longer than 200 characters\.$/);
    expect(local.snapshot()).toEqual({});
  });
});
