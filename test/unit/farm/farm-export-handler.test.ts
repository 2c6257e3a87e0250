import { fakeBrowser } from '@webext-core/fake-browser';
import type { Runtime } from 'webextension-polyfill';
import { beforeEach, describe, expect, test } from 'vitest';
import { createFarmExportHandlers } from '../../../src/background/handlers/farm-export';
import type { Services } from '../../../src/background/handlers';
import { parseMessage } from '../../../src/shared/messages';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { createStore, type StorageBackend } from '../../../src/storage';
import { testVault } from '../../support/test-vault';

const KEY32 = '0123456789ABCDEF0123456789ABCDEF';
const sender = {} as Runtime.MessageSender;

beforeEach(() => fakeBrowser.reset());

function setup() {
  const vault = testVault(createStore(fakeBrowser.storage as unknown as StorageBackend));
  const fail = async () => Promise.reject(new Error('no network in unit tests'));
  const ctx = { http: fail, sessionHttp: fail, now: () => Date.parse('2026-11-27T21:00:00Z'), settings: async () => DEFAULT_SETTINGS };
  const handlers = createFarmExportHandlers({ vault, ctx } as unknown as Services);
  const add = (serviceUrl: string, apiKey: string) =>
    vault.add({ provider: 'octoprint', serviceUrl, app: 'OctoFarm', secrets: { apiKey }, source: 'workflow', createdAt: 0 });
  return { vault, handlers, add };
}

describe('farm.export', () => {
  test('the message is checked: a known format and 1–1000 ids', () => {
    expect(parseMessage({ type: 'farm.export', payload: { format: 'octofarm', credentialIds: ['a'] } }).ok).toBe(true);
    expect(parseMessage({ type: 'farm.export', payload: { format: 'csv', credentialIds: ['a'] } }).ok).toBe(false);
    expect(parseMessage({ type: 'farm.export', payload: { format: 'octofarm', credentialIds: [] } }).ok).toBe(false);
  });

  test('opens the chosen keys (only those) into the file; a key gone from the vault is said', async () => {
    const { handlers, add } = setup();
    const one = await add('http://10.0.0.21', KEY32);
    await add('http://10.0.0.22', KEY32.toLowerCase()); // not chosen
    const file = await handlers['farm.export']({ format: 'octofarm', credentialIds: [one.id, 'gone', one.id, 'gone'] }, sender);
    expect(file.secrets).toBe(1);
    expect(JSON.parse(file.text)).toEqual([expect.objectContaining({ printerURL: 'http://10.0.0.21', apikey: KEY32 })]);
    expect(file.notes).toEqual([{ credentialId: 'gone', message: 'Left out: this key is no longer in the vault.' }]);
  });

  test('while locked it asks to unlock (the file holds keys); nothing chosen is left: not-found', async () => {
    const { vault, handlers, add } = setup();
    const one = await add('http://10.0.0.21', KEY32);
    await expect(handlers['farm.export']({ format: 'fdm-monster-yaml', credentialIds: ['gone'] }, sender)).rejects.toMatchObject({ code: 'not-found' });
    await vault.lock.set('correct horse battery');
    await vault.lock.lockNow();
    await expect(handlers['farm.export']({ format: 'fdm-monster-yaml', credentialIds: [one.id] }, sender)).rejects.toMatchObject({ code: 'locked' });
  });
});
