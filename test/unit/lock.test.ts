import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, test } from 'vitest';
import { AUTO_LOCK_ALARM, createLock } from '../../src/background/lock';
import { createVault } from '../../src/background/vault';
import type { Credential } from '../../src/shared/credential';
import { createStore, type StorageBackend } from '../../src/storage';
import { memoryKeyHolder } from '../support/memory-key-holder';
import { recordingAlarms } from '../support/test-vault';

const PASS = 'correct horse battery';
const OTHER = 'another fine passphrase';
const KEY = 'K'.repeat(43);
const entry: Omit<Credential, 'id'> = { provider: 'octoprint', serviceUrl: 'http://octopi.local', app: 'Cura', secrets: { apiKey: KEY }, source: 'manual', createdAt: 1 };

beforeEach(() => fakeBrowser.reset());

/** One background's lock and vault; `restart` makes another over the same storage and device key, as after a worker restart. */
function background(clock = { t: 1_000_000 }) {
  const store = createStore(fakeBrowser.storage as unknown as StorageBackend);
  const deviceKey = memoryKeyHolder();
  const make = () => {
    const alarms = recordingAlarms();
    const lock = createLock({ items: store, deviceKey, alarms, now: () => clock.t });
    return { lock, alarms, vault: createVault(store.vault, lock) };
  };
  return { store, clock, ...make(), restart: make };
}

const rawStorage = async () => JSON.stringify([await fakeBrowser.storage.local.get(null), await fakeBrowser.storage.session.get(null)]);

describe('passphrase lock', () => {
  test('off by default: keys are sealed with the device key and open without a passphrase', async () => {
    const { lock, vault } = background();
    const { id } = await vault.add(entry);
    expect(await lock.status(true)).toMatchObject({ enabled: false, locked: false, offer: true });
    expect((await vault.secrets(id)).secrets.apiKey).toBe(KEY);
    expect(await rawStorage()).not.toContain(KEY);
  });

  test('a short passphrase is refused; a second "set" is refused (change it instead)', async () => {
    const { lock } = background();
    await expect(lock.set('short')).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/at least 10/) });
    await lock.set(PASS);
    await expect(lock.set(OTHER)).rejects.toMatchObject({ code: 'invalid-input' });
  });

  test('set → stays unlocked; Lock now → every secret asks for the passphrase; the right one opens it', async () => {
    const { lock, vault } = background();
    const { id } = await vault.add(entry);
    await lock.set(PASS);
    expect(await lock.status(true)).toMatchObject({ enabled: true, locked: false, offer: false });
    expect((await vault.secrets(id)).secrets.apiKey).toBe(KEY);
    await lock.lockNow();
    expect(await lock.status(true)).toMatchObject({ enabled: true, locked: true });
    await expect(vault.secrets(id)).rejects.toMatchObject({ code: 'locked', message: expect.stringMatching(/Unlock/) });
    expect(await rawStorage()).not.toContain(KEY);
    await lock.unlock(PASS);
    expect((await vault.secrets(id)).secrets.apiKey).toBe(KEY);
  });

  test('a restarted browser (session storage gone) starts locked', async () => {
    const { lock, vault, restart } = background();
    const { id } = await vault.add(entry);
    await lock.set(PASS);
    await fakeBrowser.storage.session.clear();
    const after = restart();
    expect(await after.lock.status(true)).toMatchObject({ locked: true });
    await expect(after.vault.secrets(id)).rejects.toMatchObject({ code: 'locked' });
  });

  test('a wrong passphrase says so; after three in a row the next try must wait, doubling; the right one resets it', async () => {
    const { lock, clock } = background();
    await lock.set(PASS);
    await lock.lockNow();
    for (let i = 0; i < 2; i++) await expect(lock.unlock('wrong passphrase!')).rejects.toMatchObject({ code: 'wrong-passphrase', message: 'Wrong passphrase.' });
    await expect(lock.unlock('wrong passphrase!')).rejects.toMatchObject({ code: 'wrong-passphrase', message: /Wait 1 s/ });
    await expect(lock.unlock(PASS)).rejects.toMatchObject({ code: 'slow-down', message: /Try again in 1 s/ });
    expect((await lock.status(true)).retryInMs).toBe(1000);
    clock.t += 1000;
    await expect(lock.unlock('wrong passphrase!')).rejects.toMatchObject({ code: 'wrong-passphrase', message: /Wait 2 s/ });
    clock.t += 2000;
    await lock.unlock(PASS);
    expect(await lock.status(true)).toMatchObject({ locked: false, retryInMs: 0 });
    await lock.lockNow();
    await expect(lock.unlock('wrong passphrase!')).rejects.toMatchObject({ message: 'Wrong passphrase.' });
  });

  test('auto-lock: an alarm at the idle time; each use pushes it back; past it, the next use finds it locked', async () => {
    const { lock, vault, alarms, clock, store } = background();
    const { id } = await vault.add(entry);
    await lock.set(PASS);
    expect(alarms.created.get(AUTO_LOCK_ALARM)).toBe(clock.t + 15 * 60_000);
    clock.t += 10 * 60_000;
    await vault.secrets(id);
    expect(alarms.created.get(AUTO_LOCK_ALARM)).toBe(clock.t + 15 * 60_000);
    clock.t += 14 * 60_000;
    await lock.onAlarm(AUTO_LOCK_ALARM); // early (not idle long enough): stays unlocked, alarm re-set
    expect(await lock.status(true)).toMatchObject({ locked: false });
    await store.settings.update((s) => ({ ...s, autoLockMinutes: 5 }));
    await lock.onAlarm(AUTO_LOCK_ALARM);
    expect(await lock.status(true)).toMatchObject({ locked: true });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    await lock.unlock(PASS);
    clock.t += 5 * 60_000; // the alarm never came (a sleeping machine): the idle time still holds
    await expect(vault.secrets(id)).rejects.toMatchObject({ code: 'locked' });
  });

  test('change: the old passphrase stops working, the new one works, the keys are intact', async () => {
    const { lock, vault } = background();
    const { id } = await vault.add(entry);
    await lock.set(PASS);
    await expect(lock.change('not the passphrase', OTHER)).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await lock.change(PASS, OTHER);
    await lock.lockNow();
    await expect(lock.unlock(PASS)).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await lock.unlock(OTHER);
    expect((await vault.secrets(id)).secrets.apiKey).toBe(KEY);
  });

  test('a change that dies before its one write leaves the old passphrase working, and nothing half-changed', async () => {
    const { lock, vault, store } = background();
    const { id } = await vault.add(entry);
    await lock.set(PASS);
    const before = await store.keyring.get();
    const set = store.keyring.set;
    store.keyring.set = async () => Promise.reject(new Error('the worker stopped'));
    await expect(lock.change(PASS, OTHER)).rejects.toThrow();
    store.keyring.set = set;
    expect(await store.keyring.get()).toEqual(before);
    await lock.lockNow();
    await lock.unlock(PASS);
    expect((await vault.secrets(id)).secrets.apiKey).toBe(KEY);
  });

  test('remove: back to the device key, no passphrase needed, nothing left in session storage', async () => {
    const { lock, vault } = background();
    const { id } = await vault.add(entry);
    await lock.set(PASS);
    await expect(lock.remove('not the passphrase')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await lock.remove(PASS);
    expect(await lock.status(true)).toMatchObject({ enabled: false, locked: false });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect((await vault.secrets(id)).secrets.apiKey).toBe(KEY);
  });

  test('the offer to set a passphrase: only once the vault holds a key, gone after "Not now" or once set', async () => {
    const { lock } = background();
    expect((await lock.status(false)).offer).toBe(false);
    expect((await lock.status(true)).offer).toBe(true);
    await lock.dismissOffer();
    expect((await lock.status(true)).offer).toBe(false);
  });
});
