import { testVault, withVault } from '../support/test-vault';
import { fakeBrowser } from '@webext-core/fake-browser';
import type { Runtime } from 'webextension-polyfill';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { createHandlers } from '../../src/background/handlers';
import { createTabDetection } from '../../src/background/tab-detection';
import type { FinishCapture } from '../../src/background/finish-capture';
import type { OctoPrintWorkflow } from '../../src/providers/octoprint/workflow';
import type { FarmService } from '../../src/background/farm/farm-service';
import type { KeyRotation } from '../../src/background/rotation/rotation';
import { PROVIDERS } from '../../src/providers/registry';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { createStore, type StorageBackend } from '../../src/storage';

const KEY = 'q2BzBKPp2558GoaDHnUnm21ee0unxMsBoYF2U4jH73g';
const sender = {} as Runtime.MessageSender;

function setup(executeScript: (tabId: number, file: string) => Promise<unknown> = async () => null) {
  const store = createStore(fakeBrowser.storage as unknown as StorageBackend);
  const clipboard = { copyThenClear: vi.fn(async () => undefined), onAlarm: vi.fn(async () => undefined) };
  const setBadge = vi.fn(async () => undefined);
  const tabs = createTabDetection({ item: store.tabDetection, executeScript, setBadge });
  const fail = async () => Promise.reject(new Error('no network in unit tests'));
  const handlers = createHandlers({
    ...withVault(testVault(store)),
    settings: store.settings,
    clipboard,
    tabs,
    providers: PROVIDERS,
    ctx: { http: fail, sessionHttp: fail, now: () => 1_700_000_000_000, settings: async () => DEFAULT_SETTINGS },
    workflow: {} as OctoPrintWorkflow, // not used by these handlers
    farm: {} as FarmService,
    rotation: {} as KeyRotation,
    capture: {} as FinishCapture,
    hasHostAccess: async () => true,
    showPage: async () => undefined,
  });
  return { handlers, clipboard, setBadge };
}

const add = { provider: 'octoprint', serviceUrl: 'http://octopi.local/', app: ' Cura ', apiKey: KEY };

beforeEach(() => fakeBrowser.reset());

describe('handlers', () => {
  test('a manual key is normalised, stored, listed newest first without its secret', async () => {
    const { handlers } = setup();
    const { credential } = await handlers['vault.add'](add, sender);
    expect(credential).toMatchObject({ app: 'Cura', serviceUrl: 'http://octopi.local', source: 'manual', maskedKey: '••••H73g' });
    expect(JSON.stringify(await handlers['vault.list']({}, sender))).not.toContain(KEY);
    await expect(handlers['vault.reveal']({ id: credential.id }, sender)).resolves.toEqual({ apiKey: KEY });
  });

  test.each([
    [{ provider: 'nope' }, 'Choose a provider.'],
    [{ serviceUrl: 'javascript:alert(1)' }, 'must start with http'],
    [{ app: 'C' }, '2–60 characters'],
    [{ apiKey: 'ABC' }, '8–512'],
    [{ apiKey: '0123456789ABCDEF0123456789ABCDE' }, '32 hex characters'],
  ])('refuses %o with a message, storing nothing', async (change, message) => {
    const { handlers } = setup();
    await expect(handlers['vault.add']({ ...add, ...change }, sender)).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining(message),
    });
    await expect(handlers['vault.list']({}, sender)).resolves.toEqual({ credentials: [] });
  });

  test('a key typed for a plain-http server outside the private network is refused unless the user confirmed', async () => {
    const { handlers } = setup();
    const exposed = { ...add, serviceUrl: 'http://printer.example.com/octoprint' };
    await expect(handlers['vault.add'](exposed, sender)).rejects.toMatchObject({
      code: 'plain-http',
      message: expect.stringContaining('printer.example.com is not on your local network'),
    });
    await expect(handlers['vault.list']({}, sender)).resolves.toEqual({ credentials: [] });
    await expect(handlers['vault.add']({ ...exposed, allowPlainHttp: false }, sender)).rejects.toMatchObject({ code: 'plain-http' });
    // Confirmed, or https, or on the private network: stored.
    await expect(handlers['vault.add']({ ...exposed, allowPlainHttp: true }, sender)).resolves.toBeDefined();
    await expect(handlers['vault.add']({ ...add, serviceUrl: 'https://printer.example.com/', apiKey: KEY.replace('q', 'Q') }, sender)).resolves.toBeDefined();
    expect((await handlers['vault.list']({}, sender)).credentials).toHaveLength(2);
  });

  test('a key request or an account key for a plain-http server outside the private network is refused unconfirmed, before anything is sent', async () => {
    const { handlers } = setup();
    // The workflow and the network are absent (`{}` and a failing fetch): a refusal must come first.
    await expect(handlers['flow.start']({ serviceUrl: 'http://203.0.113.7:5000', app: 'Cura' }, sender)).rejects.toMatchObject({ code: 'plain-http' });
    await expect(
      handlers['account.create']({ provider: 'cocalc', serverUrl: 'http://cocalc.example.org', app: 'Cura' }, sender),
    ).rejects.toMatchObject({ code: 'plain-http', message: expect.stringContaining('cocalc.example.org') });
    // Confirmed, it goes on to the network (which fails here, as unit tests have none).
    await expect(
      handlers['account.create']({ provider: 'cocalc', serverUrl: 'http://cocalc.example.org', app: 'Cura', allowPlainHttp: true }, sender),
    ).rejects.not.toMatchObject({ code: 'plain-http' });
  });

  test('copy puts the key on the clipboard with the configured delay', async () => {
    const { handlers, clipboard } = setup();
    const { credential } = await handlers['vault.add'](add, sender);
    await handlers['settings.update']({ clipboardClearSeconds: 12 }, sender);
    await expect(handlers['vault.copy']({ id: credential.id }, sender)).resolves.toEqual({ clearAfterSeconds: 12 });
    expect(clipboard.copyThenClear).toHaveBeenCalledWith(KEY, 12_000);
  });

  test('tab.detect runs the content script, checks its answer, and marks the tab', async () => {
    const found = { kind: 'octoprint', page: 'main', version: '1.11.8', url: 'http://octopi.local/' };
    const { handlers, setBadge } = setup(async () => found);
    await expect(handlers['tab.detect']({ tabId: 4 }, sender)).resolves.toEqual({ detection: found });
    expect(setBadge).toHaveBeenCalledWith(4, 'OP');
  });

  test('tab.detect treats a page it may not script, or a bogus answer, as nothing found', async () => {
    const denied = setup(async () => Promise.reject(new Error('Cannot access contents of the page')));
    await expect(denied.handlers['tab.detect']({ tabId: 4 }, sender)).resolves.toEqual({ detection: null });
    const bogus = setup(async () => ({ kind: 'octoprint', page: 'admin-panel', url: 5 }));
    await expect(bogus.handlers['tab.detect']({ tabId: 4 }, sender)).resolves.toEqual({ detection: null });
    expect(bogus.setBadge).not.toHaveBeenCalled();
  });

  test('a content script report records the sending tab, with the URL the browser vouches for', async () => {
    const { handlers, setBadge } = setup();
    const report = { kind: 'octoprint' as const, page: 'login' as const, url: 'http://forged.example/' };
    const from = { tab: { id: 7 }, url: 'http://octopi.local/login/' } as Runtime.MessageSender;
    await handlers['content.detected'](report, from);
    expect(setBadge).toHaveBeenCalledWith(7, 'OP');
    expect(await fakeBrowser.storage.session.get('tab:7')).toEqual({ 'tab:7': { ...report, url: 'http://octopi.local/login/' } });
  });

  test('a detection report from a frame is refused: only a tab’s top page is the page the user sees', async () => {
    const { handlers, setBadge } = setup();
    const report = { kind: 'octoprint' as const, page: 'login' as const, url: 'http://octopi.local/login/' };
    const framed = { tab: { id: 7 }, frameId: 3, url: 'http://octopi.local/login/' } as Runtime.MessageSender;
    await expect(handlers['content.detected'](report, framed)).rejects.toMatchObject({ code: 'forbidden' });
    expect(setBadge).not.toHaveBeenCalled();
    expect(await fakeBrowser.storage.session.get('tab:7')).toEqual({});
  });
});

describe('lock handlers', () => {
  test('each answers the new status; while locked Copy, Reveal and Verify ask to unlock, and adding still works', async () => {
    const { handlers, clipboard } = setup();
    const { credential } = await handlers['vault.add'](add, sender);
    expect(await handlers['lock.status']({}, sender)).toMatchObject({ enabled: false, offer: true });
    await expect(handlers['lock.set']({ passphrase: 'correct horse battery' }, sender)).resolves.toMatchObject({ enabled: true, locked: false, offer: false });
    await expect(handlers['lock.lockNow']({}, sender)).resolves.toMatchObject({ locked: true });
    for (const action of ['vault.reveal', 'vault.copy', 'credential.verify', 'credential.revoke'] as const)
      await expect(handlers[action]({ id: credential.id }, sender)).rejects.toMatchObject({ code: 'locked' });
    expect(clipboard.copyThenClear).not.toHaveBeenCalled();
    await handlers['vault.add']({ ...add, apiKey: 'Z'.repeat(43), app: 'Arrived' }, sender);
    await expect(handlers['vault.add']({ ...add, app: 'Again' }, sender)).rejects.toMatchObject({ message: expect.stringContaining('already stored for Cura') });
    await expect(handlers['lock.unlock']({ passphrase: 'correct horse battery' }, sender)).resolves.toMatchObject({ locked: false });
    await expect(handlers['vault.reveal']({ id: credential.id }, sender)).resolves.toEqual({ apiKey: KEY });
  });
});
