import { describe, expect, test } from 'vitest';
import { createFinishCapture } from '../../src/background/finish-capture';
import { readCredentials } from '../../src/popup/credential-source';
import type { Credential } from '../../src/shared/credential';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { createStore, type Store } from '../../src/storage';
import type { StorageArea } from '../../src/storage/item';
import { createMemoryBackend } from '../support/memory-backend';
import { testVault } from '../support/test-vault';
import { noTabEffects } from '../support/tab-effects';

// Issue 9, capture speed: a handed-over key lands in the small `vaultInbox` item, not in a rewrite
// of the whole vault; every reader sees it at once, and it is folded into the vault afterwards (or
// by the next worker). Memory storage that records each `set`; no network.
const KEY = 'K'.repeat(43);
const PORTAL = 'http://127.0.0.1:8001';
const finish = (key: string) =>
  `${PORTAL}/appportal/v1/complete?success=true&url=${encodeURIComponent('https://app-abc.octoeverywhere.com')}&printername=Mini&octoPrintApiKey=${key}`;

const received = (overrides: Partial<Credential> = {}): Omit<Credential, 'id'> => ({
  provider: 'octoeverywhere',
  serviceUrl: 'https://app-abc.octoeverywhere.com',
  app: 'Handed over',
  secrets: { apiKey: KEY },
  source: 'finish-page',
  createdAt: 1_800_000_000_000,
  ...overrides,
});

function setup() {
  const backend = createMemoryBackend();
  const writes: string[][] = [];
  const local: StorageArea = { ...backend.local, set: (items) => (writes.push(Object.keys(items).sort()), backend.local.set(items)) };
  const store = createStore({ ...backend, local });
  return { backend, store, writes, vault: testVault(store) };
}

describe('a key received into the inbox', () => {
  test('is written alone, without the vault, and every reader sees it at once', async () => {
    const t = setup();
    await t.vault.add({ ...received(), app: 'Already here', createdAt: 1 });
    t.writes.length = 0;
    const entry = await t.vault.receive(received());
    expect(t.writes).toEqual([['vaultInbox']]); // the vault (and its index) untouched
    expect((await t.store.vault.get()).credentials.map((c) => c.app)).toEqual(['Already here']);
    expect((await t.store.vaultInbox.get()).credentials[0]).toMatchObject({ id: entry.id, keyTail: KEY.slice(-4) });
    expect(JSON.stringify(t.backend.raw('local'))).not.toContain(KEY); // sealed like a vault entry
    expect((await t.vault.list()).map((c) => c.app)).toEqual(['Already here', 'Handed over']);
    expect((await t.vault.secrets(entry.id)).secrets.apiKey).toBe(KEY);
    expect((await t.vault.all()).map((c) => c.app)).toEqual(['Already here', 'Handed over']);
    // The popup's list: newest first, the inbox's entry included.
    expect((await readCredentials(t.store)).map((c) => c.app)).toEqual(['Handed over', 'Already here']);
  });

  test('a worker that never saw the vault finds it: holdsKey, list and secrets', async () => {
    const t = setup();
    const entry = await t.vault.receive(received());
    const next = testVault(t.store); // the worker stopped and started again: nothing in memory
    await t.store.vaultIndex.set([]); // an index, as the vault has after install
    expect(await next.holdsKey()).toBe(true);
    expect((await testVault(t.store).list()).map((c) => c.id)).toEqual([entry.id]);
  });

  test('fold moves it into the vault in one write that empties the inbox; it still opens', async () => {
    const t = setup();
    const entry = await t.vault.receive(received());
    t.writes.length = 0;
    await t.vault.fold();
    expect(t.writes).toEqual([['vault', 'vaultInbox', 'vaultIndex']]);
    expect((await t.store.vault.get()).credentials.map((c) => c.id)).toEqual([entry.id]);
    expect((await t.store.vaultInbox.get()).credentials).toEqual([]);
    expect((await t.store.vaultIndex.get())!.map((c) => c.id)).toEqual([entry.id]);
    t.vault.invalidate(); // read back from storage: the folded entry opens
    expect((await t.vault.secrets(entry.id)).secrets.apiKey).toBe(KEY);
    t.writes.length = 0;
    await t.vault.fold(); // nothing left: no write
    await testVault(t.store).fold();
    expect(t.writes).toEqual([]);
  });

  test('the next worker folds what a stopped one left in the inbox', async () => {
    const t = setup();
    const entry = await t.vault.receive(received());
    await testVault(t.store).fold();
    expect((await t.store.vault.get()).credentials.map((c) => c.id)).toEqual([entry.id]);
    expect((await t.store.vaultInbox.get()).credentials).toEqual([]);
  });

  test('an entry both folded and still in the inbox (stopped in between) counts once', async () => {
    const t = setup();
    const entry = await t.vault.receive(received());
    const left = await t.store.vaultInbox.get();
    await t.vault.fold();
    await t.backend.local.set({ vaultInbox: left }); // as if the inbox had not been emptied
    const next = testVault(t.store);
    expect((await next.list()).map((c) => c.id)).toEqual([entry.id]);
    expect((await readCredentials(t.store)).map((c) => c.id)).toEqual([entry.id]);
  });

  test('any other vault write folds it too: removed before its fold, it is gone for good', async () => {
    const t = setup();
    const kept = await t.vault.receive(received({ app: 'Kept' }));
    const gone = await t.vault.receive(received({ app: 'Gone' }));
    await t.vault.remove(gone.id);
    expect((await t.store.vaultInbox.get()).credentials).toEqual([]);
    expect((await testVault(t.store).list()).map((c) => c.id)).toEqual([kept.id]);
  });
});

describe('a finish-page capture through the inbox', () => {
  const capture = (store: Store, vault: ReturnType<typeof testVault>, fold?: () => Promise<void>) =>
    createFinishCapture({
      items: store,
      vault: fold ? { list: vault.list, receive: vault.receive, fold } : vault,
      settings: async () => ({ ...DEFAULT_SETTINGS, portalUrl: PORTAL }),
      openTab: async () => 1,
      closeTab: async () => undefined,
      tabUrl: async () => undefined,
      ...noTabEffects,
    });

  test('lands in the inbox first, and is in the vault once the hand-over is done', async () => {
    const t = setup();
    const c = capture(t.store, t.vault);
    await c.startPortal('OctoApp');
    t.writes.length = 0;
    await c.onRequest(1, finish(KEY), PORTAL);
    const local = t.writes.filter((keys) => keys.some((key) => key.startsWith('vault')));
    expect(local).toEqual([['vaultInbox'], ['vault', 'vaultInbox', 'vaultIndex']]);
    expect((await t.store.vault.get()).credentials.map((e) => e.app)).toEqual(['OctoApp']);
  });

  test('the same finish page again, while the first is still in the inbox of a stopped worker: "already saved", stored once', async () => {
    const t = setup();
    const first = capture(t.store, t.vault, async () => undefined); // the worker stops before folding
    await first.startPortal('OctoApp');
    await first.onRequest(1, finish(KEY), PORTAL);
    expect((await t.store.vault.get()).credentials).toEqual([]);
    const again = capture(t.store, testVault(t.store));
    await again.startPortal('OctoApp');
    await again.onRequest(1, finish(KEY), PORTAL);
    expect((await again.results())[0]?.message).toMatch(/^Already saved/);
    expect((await testVault(t.store).list()).map((e) => e.app)).toEqual(['OctoApp']);
    expect((await t.store.vault.get()).credentials.map((e) => e.app)).toEqual(['OctoApp']); // folded by the second
  });
});
