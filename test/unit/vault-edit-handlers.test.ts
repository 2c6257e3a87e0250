import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { createVaultEditHandlers } from '../../src/background/handlers/vault-edit';
import type { Services } from '../../src/background/handlers/services';
import { parseMessage } from '../../src/shared/messages';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { createStore, type StorageBackend } from '../../src/storage';
import { testVault } from '../support/test-vault';

const sender = {} as never;

async function setup() {
  const store = createStore(fakeBrowser.storage as unknown as StorageBackend);
  const vault = testVault(store);
  const clipboard = { copyThenClear: vi.fn(async (_text: string, _ms: number) => undefined), onAlarm: vi.fn(async () => undefined) };
  const handlers = createVaultEditHandlers({ vault, settings: store.settings, clipboard } as unknown as Services);
  const entry = await vault.add({
    provider: 'octoeverywhere',
    serviceUrl: 'https://abc.octoeverywhere.com',
    app: 'KeyDeck',
    secrets: { apiKey: 'K'.repeat(32), connectionUrl: 'https://abc.octoeverywhere.com/', basicUser: 'printer-user', basicPassword: 'hunter22' },
    source: 'finish-page',
    createdAt: 1,
  });
  return { handlers, vault, clipboard, entry };
}

beforeEach(() => fakeBrowser.reset());

describe('vault.copy with a field', () => {
  test('copies the named stored field, the API key by default, with the user’s clear delay', async () => {
    const { handlers, clipboard, entry } = await setup();
    await expect(handlers['vault.copy']({ id: entry.id, field: 'basicPassword' }, sender)).resolves.toEqual({
      clearAfterSeconds: DEFAULT_SETTINGS.clipboardClearSeconds,
    });
    await handlers['vault.copy']({ id: entry.id }, sender);
    expect(clipboard.copyThenClear.mock.calls.map(([text]) => text)).toEqual(['hunter22', 'K'.repeat(32)]);
  });

  test('a field the entry does not hold is refused; an unknown field is not a valid message', async () => {
    const { handlers, vault, clipboard } = await setup();
    const plain = await vault.add({ provider: 'octoprint', serviceUrl: 'http://octopi.local', app: 'Cura', secrets: { apiKey: 'A'.repeat(32) }, source: 'manual', createdAt: 2 });
    await expect(handlers['vault.copy']({ id: plain.id, field: 'basicUser' }, sender)).rejects.toMatchObject({ code: 'not-found' });
    expect(clipboard.copyThenClear).not.toHaveBeenCalled();
    expect(parseMessage({ type: 'vault.copy', payload: { id: plain.id, field: 'bearerToken' } }).ok).toBe(false);
  });
});

describe('vault.rename', () => {
  test('renames (trimmed), leaving the secrets as they were', async () => {
    const { handlers, vault, entry } = await setup();
    const { credential } = await handlers['vault.rename']({ id: entry.id, app: '  Voron  ' }, sender);
    expect(credential.app).toBe('Voron');
    expect(JSON.stringify(credential)).not.toContain('hunter22');
    expect((await vault.list()).map((c) => c.app)).toEqual(['Voron']);
    expect((await vault.secrets(entry.id)).secrets.basicPassword).toBe('hunter22');
  });

  test('a name OctoPrint could not take (too short, invisible characters) is refused and nothing changes', async () => {
    const { handlers, vault, entry } = await setup();
    await expect(handlers['vault.rename']({ id: entry.id, app: 'V' }, sender)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('2–60') });
    await expect(handlers['vault.rename']({ id: entry.id, app: 'Cura\u202E' }, sender)).rejects.toMatchObject({ code: 'invalid-input' });
    expect((await vault.list()).map((c) => c.app)).toEqual(['KeyDeck']);
  });
});
