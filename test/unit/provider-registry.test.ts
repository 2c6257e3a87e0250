import { testVault, withVault } from '../support/test-vault';
import { fakeBrowser } from '@webext-core/fake-browser';
import type { Runtime } from 'webextension-polyfill';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { createHandlers } from '../../src/background/handlers';
import type { FinishCapture } from '../../src/background/finish-capture';
import type { TabDetection } from '../../src/background/tab-detection';
import type { OctoPrintWorkflow } from '../../src/providers/octoprint/workflow';
import { createRegistry, PROVIDERS } from '../../src/providers/registry';
import type { Provider } from '../../src/providers/types';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { createStore, type StorageBackend } from '../../src/storage';
import type { FarmService } from '../../src/background/farm/farm-service';
import type { KeyRotation } from '../../src/background/rotation/rotation';

const sender = {} as Runtime.MessageSender;
const SERVER = 'https://fake.example';

/** A provider added the way a new one would be: one object, registered; nothing else changes. */
function fakeProvider() {
  const onServer = new Map<string, string>(); // key → label
  const provider: Provider = {
    id: 'fake',
    label: 'Fake Service',
    keyHint: 'fk- and 12 characters',
    checkKey: (key) => (/^fk-\w{12}$/.test(key) ? null : 'A Fake key is fk- and 12 characters.'),
    verify: vi.fn(async (c, ctx) => ({ verification: { at: ctx.now(), ok: onServer.has(c.secrets.apiKey ?? ''), summary: 'checked by fake', warnings: [] } })),
    revoke: vi.fn(async (c) => void onServer.delete(c.secrets.apiKey ?? '')),
    accounts: {
      form: { signIn: 'password', projects: false, expiry: false },
      create: async (ctx, { serverUrl, app }) => {
        const key = `fk-${String(onServer.size).padStart(12, '0')}`;
        onServer.set(key, app);
        return { provider: 'fake', serviceUrl: serverUrl, app, secrets: { apiKey: key }, source: 'account-api', createdAt: ctx.now() };
      },
      list: async (_ctx, _url, _auth, held) =>
        [...onServer].map(([key, label]) => {
          const mine = held.find((c) => c.secrets.apiKey === key);
          return { label, shown: `…${key.slice(-4)}`, expired: false, held: !!mine, ...(mine ? { credentialId: mine.id } : {}), goneOnServer: false };
        }),
      remove: async (_ctx, c) => void onServer.delete(c.secrets.apiKey ?? ''),
    },
  };
  return { provider, onServer };
}

function handlersWith(provider: Provider) {
  const store = createStore(fakeBrowser.storage as unknown as StorageBackend);
  const fail = async () => Promise.reject(new Error('no network in unit tests'));
  return createHandlers({
    ...withVault(testVault(store)),
    settings: store.settings,
    clipboard: { copyThenClear: async () => undefined, onAlarm: async () => undefined },
    tabs: {} as TabDetection,
    providers: createRegistry([...PROVIDERS.all, provider]),
    ctx: { http: fail, sessionHttp: fail, now: () => 42, settings: async () => DEFAULT_SETTINGS },
    workflow: {} as OctoPrintWorkflow,
    farm: {} as FarmService,
    rotation: {} as KeyRotation,
    capture: {} as FinishCapture,
    hasHostAccess: async () => true,
    showPage: async () => undefined,
  });
}

beforeEach(() => fakeBrowser.reset());

describe('a provider added to the registry, and nothing else', () => {
  test('its keys are added by hand with its own shape check, verified and revoked through it', async () => {
    const { provider, onServer } = fakeProvider();
    const handlers = handlersWith(provider);
    await expect(handlers['vault.add']({ provider: 'fake', serviceUrl: SERVER, app: 'Tool', apiKey: 'not-a-fake-key' }, sender)).rejects.toMatchObject({
      message: 'A Fake key is fk- and 12 characters.',
    });
    onServer.set('fk-abcdefghijkl', 'Tool');
    const { credential } = await handlers['vault.add']({ provider: 'fake', serviceUrl: SERVER, app: 'Tool', apiKey: 'fk-abcdefghijkl' }, sender);
    const verified = await handlers['credential.verify']({ id: credential.id }, sender);
    expect(verified.credential.verification).toMatchObject({ ok: true, summary: 'checked by fake' });
    await handlers['credential.revoke']({ id: credential.id }, sender);
    expect(onServer.has('fk-abcdefghijkl')).toBe(false);
    expect((await handlers['vault.list']({}, sender)).credentials).toEqual([]);
  });

  test('its account API creates, lists and deletes through the generic account messages', async () => {
    const { provider, onServer } = fakeProvider();
    const handlers = handlersWith(provider);
    const created = await handlers['account.create']({ provider: 'fake', serverUrl: SERVER, app: 'Farm' }, sender);
    const credentialId = 'credentialId' in created ? created.credentialId : 'not saved';
    expect((await handlers['vault.list']({}, sender)).credentials.map((c) => [c.provider, c.app])).toEqual([['fake', 'Farm']]);
    const { keys } = await handlers['account.list']({ provider: 'fake', serverUrl: SERVER }, sender);
    expect(keys).toEqual([expect.objectContaining({ label: 'Farm', held: true, credentialId })]);
    await handlers['account.delete']({ credentialId }, sender);
    expect(onServer.size).toBe(0);
    expect((await handlers['vault.list']({}, sender)).credentials).toEqual([]);
  });

  test('a provider without verify or revoke is told so, whatever its id', async () => {
    const plain: Provider = { id: 'plain', label: 'Plain', keyHint: '', checkKey: () => null };
    const handlers = handlersWith(plain);
    const { credential } = await handlers['vault.add']({ provider: 'plain', serviceUrl: SERVER, app: 'Tool', apiKey: 'whatever-key' }, sender);
    await expect(handlers['credential.verify']({ id: credential.id }, sender)).rejects.toMatchObject({ code: 'unsupported' });
    await expect(handlers['credential.revoke']({ id: credential.id }, sender)).rejects.toMatchObject({ code: 'unsupported' });
    await expect(handlers['account.list']({ provider: 'plain', serverUrl: SERVER }, sender)).rejects.toMatchObject({ code: 'unsupported' });
  });
});
