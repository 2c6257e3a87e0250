import { describe, expect, test, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { checkAll, inPool } from '../../src/background/check-all';
import { createCheckAllHandlers } from '../../src/background/handlers/check-all';
import type { Services } from '../../src/background/handlers';
import { createRouter, type Handlers } from '../../src/background/router';
import { classifySender } from '../../src/background/sender';
import { createRegistry } from '../../src/providers/registry';
import type { Provider, ProviderContext } from '../../src/providers/types';
import type { Credential } from '../../src/shared/credential';
import { KeyDeckError } from '../../src/shared/errors';
import { parseMessage } from '../../src/shared/messages';
import { createStore } from '../../src/storage';
import { createMemoryBackend } from '../support/memory-backend';
import { testVault } from '../support/test-vault';

const AT = 1_700_000_000_000;
const ctx = { now: () => AT } as ProviderContext;

/**
 * A provider whose server answers by the key: `ok…` accepted, `no…` refused, `down…` unreachable,
 * `boom…` a server error. Each check waits until the test lets it finish, so we can see how many run at once.
 */
function checkingProvider() {
  const inFlight = new Set<string>();
  let most = 0;
  const waiting: Array<() => void> = [];
  const checked: string[] = [];
  const provider: Provider = {
    id: 'checked',
    label: 'Checked',
    keyHint: '',
    checkKey: () => null,
    async verify(credential) {
      const key = credential.secrets.apiKey!;
      checked.push(key);
      inFlight.add(key);
      most = Math.max(most, inFlight.size);
      await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight.delete(key);
      if (key.startsWith('down')) throw new KeyDeckError('unreachable', `Could not reach the server for ${credential.app}.`);
      if (key.startsWith('boom')) throw new KeyDeckError('server-error', 'The server answered 500.');
      const ok = key.startsWith('ok');
      return { verification: { at: AT, ok, summary: ok ? `Works as alice.` : 'Refused.', warnings: [] }, ...(ok ? { user: 'alice' } : {}) };
    },
  };
  /**
   * Lets the checks finish in waves: each time as many as may run at once (4, or what is left of
   * `total`, the keys that reach the server) are waiting, all of them are released.
   */
  async function drain<T>(done: Promise<T>, total: number): Promise<T> {
    let settled = false;
    void done.then(() => (settled = true), () => (settled = true));
    let finished = 0;
    while (finished < total) {
      await vi.waitFor(() => {
        if (settled) return;
        expect(waiting.length).toBe(Math.min(4, total - finished));
      });
      if (settled) break;
      finished += waiting.length;
      waiting.splice(0).forEach((release) => release());
    }
    return done;
  }
  return { provider, drain, checked, most: () => most };
}

const noVerify: Provider = { id: 'plain', label: 'Plain', keyHint: '', checkKey: () => null };

function setUp() {
  const store = createStore(createMemoryBackend());
  const vault = testVault(store);
  const checking = checkingProvider();
  const providers = createRegistry([checking.provider, noVerify]);
  const add = (apiKey: string | undefined, provider = 'checked') =>
    vault.add({ provider, serviceUrl: 'http://10.0.0.2', app: `App ${apiKey}`, secrets: apiKey ? { apiKey } : {}, source: 'manual', createdAt: AT } satisfies Omit<Credential, 'id'>);
  return { store, vault, providers, checking, add };
}

describe('check all', () => {
  test('verifies every key 4 at a time, records what Verify records in one vault write, and says each outcome in the order asked', async () => {
    const { store, vault, providers, checking, add } = setUp();
    const keys = ['ok1', 'no1', 'down1', 'ok2', 'boom1', 'ok3', 'ok4', 'no2', 'ok5', 'ok6'];
    const entries = [];
    for (const key of keys) entries.push(await add(key));
    const plain = await add('plainkey', 'plain');
    const connection = await add(undefined); // a portal connection without a key
    const writes = vi.spyOn(store.vault, 'set');

    const results = await checking.drain(checkAll({ vault, providers, ctx }), keys.length);
    expect(writes).toHaveBeenCalledTimes(1); // not one whole-vault rewrite per key
    expect(checking.most()).toBe(4);
    expect(checking.checked.sort()).toEqual([...keys].sort());
    expect(results.map((r) => r.outcome)).toEqual([
      'working', 'refused', 'unreachable', 'working', 'failed', 'working', 'working', 'refused', 'working', 'working', 'unchecked', 'unchecked',
    ]);
    expect(results.map((r) => r.id)).toEqual([...entries.map((e) => e.id), plain.id, connection.id]);
    expect(results[2]!.message).toBe('Could not reach the server for App down1.');
    // Working and refused keys carry the new verification (and the user found), as after Verify.
    const stored = new Map((await vault.list()).map((e) => [e.id, e]));
    expect(stored.get(entries[0]!.id)).toMatchObject({ user: 'alice', verification: { ok: true, summary: 'Works as alice.' } });
    expect(stored.get(entries[1]!.id)!.verification).toMatchObject({ ok: false, summary: 'Refused.' });
    // An unreachable server proves nothing about the key: its entry is left as it was.
    expect(stored.get(entries[2]!.id)!.verification).toBeUndefined();
  });

  test('only the ids asked, in that order; one removed meanwhile is gone', async () => {
    const { vault, providers, checking, add } = setUp();
    const a = await add('ok-a');
    const b = await add('no-b');
    await add('ok-c');
    const results = await checking.drain(checkAll({ vault, providers, ctx }, [b.id, 'removed-id', a.id]), 2);
    expect(results).toEqual([
      { id: b.id, outcome: 'refused', message: 'Refused.' },
      { id: 'removed-id', outcome: 'gone' },
      { id: a.id, outcome: 'working', message: 'Works as alice.' },
    ]);
    expect(checking.checked).toEqual(['no-b', 'ok-a']);
  });

  test('while locked nothing reaches a server and the check fails `locked` (the popup then asks to unlock and sends it again)', async () => {
    const { vault, providers, checking, add } = setUp();
    for (const key of ['ok1', 'ok2', 'ok3', 'ok4', 'ok5', 'ok6']) await add(key);
    await vault.lock.set('correct horse battery');
    await vault.lock.lockNow();
    await expect(checking.drain(checkAll({ vault, providers, ctx }), 0)).rejects.toMatchObject({ code: 'locked' });
    expect(checking.checked).toEqual([]);
    await vault.lock.unlock('correct horse battery');
    const results = await checking.drain(checkAll({ vault, providers, ctx }), 6);
    expect(results.map((r) => r.outcome)).toEqual(Array(6).fill('working'));
  });

  test('the message takes at most 1,000 ids, at least one when given', () => {
    expect(parseMessage({ type: 'vault.checkAll', payload: {} }).ok).toBe(true);
    expect(parseMessage({ type: 'vault.checkAll', payload: { ids: ['a', 'b'] } }).ok).toBe(true);
    expect(parseMessage({ type: 'vault.checkAll', payload: { ids: [] } }).ok).toBe(false);
    expect(parseMessage({ type: 'vault.checkAll', payload: { ids: Array(1001).fill('a') } }).ok).toBe(false);
  });
});

describe('the vault.checkAll message', () => {
  const ID = 'keydeck-id';
  const ORIGIN = 'chrome-extension://keydeck-id';
  test('answers an extension page through the router; a content script or another extension is refused and nothing is checked', async () => {
    const { vault, providers, checking, add } = setUp();
    const { id } = await add('ok-popup');
    const route = createRouter(createCheckAllHandlers({ vault, providers, ctx } as unknown as Services) as Handlers, (sender) => classifySender(sender, ID, ORIGIN));
    const contentScript = { id: ID, url: 'http://octopi.local/', tab: { id: 3 } } as Runtime.MessageSender;
    const otherExtension = { id: 'someone-else', url: 'chrome-extension://someone-else/x.html' } as Runtime.MessageSender;
    for (const sender of [contentScript, otherExtension])
      await expect(route({ type: 'vault.checkAll', payload: {} }, sender)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(checking.checked).toEqual([]);
    const reply = await checking.drain(route({ type: 'vault.checkAll', payload: { ids: [id] } }, { id: ID, url: `${ORIGIN}/src/options/index.html` }), 1);
    expect(reply).toEqual({ ok: true, data: { checked: [{ id, outcome: 'working', message: 'Works as alice.' }] } });
  });
});

describe('inPool', () => {
  test('keeps the order, never runs more than the limit, and stops starting after a failure', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const run = async (n: number) => {
      started.push(n);
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 0));
      running--;
      if (n === 3) throw new Error('three');
      return n * 10;
    };
    expect(await inPool([5, 4, 6, 1, 2, 7], 2, run)).toEqual([50, 40, 60, 10, 20, 70]);
    expect(most).toBe(2);
    started.length = 0;
    await expect(inPool([1, 2, 3, 4, 5, 6, 7, 8], 2, run)).rejects.toThrow('three');
    expect(started).not.toContain(8);
  });
});
