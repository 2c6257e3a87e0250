// @vitest-environment node
import type { Runtime } from 'webextension-polyfill';
import { describe, expect, test } from 'vitest';
import { createBackupHandlers } from '../../src/background/handlers/backup';
import type { Services } from '../../src/background/handlers/services';
import { createRouter, type Handlers } from '../../src/background/router';
import { classifySender } from '../../src/background/sender';
import { testVault } from '../support/test-vault';
import type { Credential } from '../../src/shared/credential';
import { createStore } from '../../src/storage';
import { createMemoryBackend } from '../support/memory-backend';

const ID = 'keydeck-id';
const ORIGIN = 'chrome-extension://keydeck-id';
const popup: Runtime.MessageSender = { id: ID, url: `${ORIGIN}/src/popup/index.html?view=backup&part=import`, tab: { id: 4 } as Runtime.MessageSender['tab'] };
const contentScript: Runtime.MessageSender = { id: ID, url: 'http://octopi.local/', tab: { id: 3 } as Runtime.MessageSender['tab'] };
const otherExtension: Runtime.MessageSender = { id: 'someone-else', url: 'chrome-extension://someone-else/x.html' };

const credential = (app: string): Credential => ({
  id: `id-${app}`,
  provider: 'octoprint',
  serviceUrl: 'http://octopi.local',
  app,
  secrets: { apiKey: `${app.toUpperCase().padEnd(8, 'X')}0123456789ABCDEF01234567` },
  source: 'manual',
  createdAt: 1,
});

/** The backup messages through the real router, over a vault in memory. */
function background(credentials: Credential[]) {
  const backend = createMemoryBackend({ local: { vault: { schemaVersion: 1, credentials } } });
  const vault = testVault(createStore(backend));
  const handlers = createBackupHandlers({ vault } as unknown as Services) as Handlers;
  const route = createRouter(handlers, (sender) => classifySender(sender, ID, ORIGIN));
  return { vault, route };
}

describe('backup messages', () => {
  test('an extension page exports, and imports into another vault without duplicates; a second import adds nothing', async () => {
    const from = background([credential('Cura'), credential('Slicer')]);
    const exported = await from.route({ type: 'backup.export', payload: { passphrase: 'a long passphrase' } }, popup);
    expect(exported).toMatchObject({ ok: true, data: { count: 2 } });
    const file = exported.ok ? (exported.data as { file: string }).file : '';

    const to = background([credential('Cura')]);
    const message = { type: 'backup.import', payload: { file, passphrase: 'a long passphrase' } };
    const first = await to.route(message, popup);
    const second = await to.route(message, popup);
    expect([first, second]).toEqual([
      { ok: true, data: { added: 1, skipped: 1 } },
      { ok: true, data: { added: 0, skipped: 2 } },
    ]);
    expect((await to.vault.list()).map((c) => c.app)).toEqual(['Cura', 'Slicer']);
  });

  test('a content script or another extension can neither export nor import', async () => {
    const { route, vault } = background([credential('Cura')]);
    for (const sender of [contentScript, otherExtension]) {
      await expect(route({ type: 'backup.export', payload: { passphrase: 'a long passphrase' } }, sender)).resolves.toEqual({
        ok: false,
        error: { code: 'forbidden', message: '"backup.export" is not accepted from this sender.' },
      });
      await expect(route({ type: 'backup.import', payload: { file: '{}', passphrase: 'x' } }, sender)).resolves.toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(await vault.list()).toHaveLength(1);
  });

  test('failures come back as clear messages', async () => {
    const { route } = background([]);
    await expect(route({ type: 'backup.export', payload: { passphrase: 'short' } }, popup)).resolves.toEqual({
      ok: false,
      error: { code: 'invalid-input', message: 'The passphrase must be at least 10 characters.' },
    });
    await expect(route({ type: 'backup.import', payload: { file: 'not a backup', passphrase: 'whatever it is' } }, popup)).resolves.toEqual({
      ok: false,
      error: { code: 'invalid-input', message: 'This is not a KeyDeck backup.' },
    });
  });
});
