import { fakeBrowser } from '@webext-core/fake-browser';
import type { Runtime } from 'webextension-polyfill';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { BackgroundBrowser } from '../../src/background/browser-api';
import type { RegisteredScript } from '../../src/background/detection-scripts';
import { startBackground } from '../../src/background/start-background';
import { memoryKeyHolder } from '../support/memory-key-holder';
import { PROVIDERS } from '../../src/providers/registry';
import { EVERYWHERE } from '../../src/shared/detection';
import { POPUP_PORT } from '../../src/shared/popup-port';

type Sender = Parameters<typeof fakeBrowser.runtime.onMessage.trigger>[1];

/** An event like the browser's, with `trigger` as @webext-core/fake-browser's have. */
function fakeEvent<A extends unknown[]>() {
  const listeners = new Set<(...args: A) => unknown>();
  return {
    addListener: (l: (...args: A) => unknown) => void listeners.add(l),
    removeListener: (l: (...args: A) => unknown) => void listeners.delete(l),
    hasListener: (l: (...args: A) => unknown) => listeners.has(l),
    trigger: (...args: A) => Promise.all([...listeners].map((l) => l(...args))),
  };
}

/** fake-browser has no `permissions` or `scripting`: small fakes with the same shape. */
function fakes() {
  const granted = new Set<string>();
  const registered = new Map<string, RegisteredScript>();
  const permissions = {
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((o) => granted.has(o)),
    onAdded: fakeEvent<[unknown]>(),
    onRemoved: fakeEvent<[unknown]>(),
  };
  const scripting = {
    registerContentScripts: vi.fn(async ([s]: RegisteredScript[]) => void registered.set(s!.id, s!)),
    updateContentScripts: vi.fn(async ([s]: RegisteredScript[]) => void registered.set(s!.id, s!)),
    unregisterContentScripts: vi.fn(async ({ ids }: { ids: string[] }) => ids.forEach((id) => registered.delete(id))),
    getRegisteredContentScripts: async ({ ids }: { ids: string[] }) => ids.flatMap((id) => registered.get(id) ?? []),
    executeScript: vi.fn(async () => []),
  };
  const action = { setBadgeText: vi.fn(async () => undefined), setBadgeBackgroundColor: vi.fn(async () => undefined), setTitle: vi.fn(async () => undefined) };
  // fake-browser has no webRequest, and no session rules: the same shape, recording them.
  const webRequest = {
    onBeforeRequest: fakeEvent<[{ tabId: number; url: string; initiator?: string; originUrl?: string }]>(),
    onErrorOccurred: fakeEvent<[{ url: string; error: string }]>(),
  };
  const sessionRules = new Map<number, unknown>();
  const declarativeNetRequest = {
    updateSessionRules: async ({ addRules = [], removeRuleIds = [] }: { addRules?: { id: number }[]; removeRuleIds?: number[] }) => {
      removeRuleIds.forEach((id) => sessionRules.delete(id));
      addRules.forEach((rule) => sessionRules.set(rule.id, rule));
    },
  };
  // fake-browser has no runtime.onConnect (the popup's presence port): the same shape.
  const onConnect = fakeEvent<[Runtime.Port]>();
  const runtime = Object.assign(Object.create(fakeBrowser.runtime) as typeof fakeBrowser.runtime, { onConnect });
  const browser = { ...fakeBrowser, runtime, permissions, scripting, action, webRequest, declarativeNetRequest } as unknown as BackgroundBrowser;
  return { browser, granted, registered, permissions, scripting, action, webRequest, sessionRules, onConnect };
}

const popup = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/src/popup/index.html') }) as Sender;
const octopi = { provider: 'octoprint', serviceUrl: 'http://octopi.local', app: 'OctoFarm', secrets: { apiKey: 'A'.repeat(43) }, source: 'workflow' as const, createdAt: 1 };

beforeEach(() => fakeBrowser.reset());

describe('startBackground on a fake browser', () => {
  test('routes runtime messages, checking the sender', async () => {
    const { browser } = fakes();
    startBackground(browser, PROVIDERS, memoryKeyHolder());
    const [fromPopup] = await fakeBrowser.runtime.onMessage.trigger({ type: 'vault.list', payload: {} }, popup(), () => undefined);
    expect(fromPopup).toEqual({ ok: true, data: { credentials: [] } });
    const page = { id: fakeBrowser.runtime.id, url: 'http://evil.example/', tab: { id: 3 } } as Sender;
    const [fromPage] = await fakeBrowser.runtime.onMessage.trigger({ type: 'vault.list', payload: {} }, page, () => undefined);
    expect(fromPage).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  test('a key saved the way the OctoPrint flow saves it makes its server auto-detected', async () => {
    const { browser, granted, registered } = fakes();
    granted.add('http://octopi.local/*');
    const { services } = startBackground(browser, PROVIDERS, memoryKeyHolder());
    await services.vault.add(octopi); // what the workflow does when the key arrives
    await vi.waitFor(() => expect(registered.get('keydeck-detect')?.matches).toEqual(['http://octopi.local/*']));
  });

  test('a worker waking up leaves the registration alone; the browser starting re-derives it', async () => {
    const { browser, granted, registered } = fakes();
    granted.add('http://octopi.local/*');
    await fakeBrowser.storage.local.set({ vault: { schemaVersion: 1, credentials: [{ ...octopi, id: 'k1' }] } });
    startBackground(browser, PROVIDERS, memoryKeyHolder());
    await fakeBrowser.runtime.onMessage.trigger({ type: 'settings.get', payload: {} }, popup(), () => undefined);
    expect(registered.has('keydeck-detect')).toBe(false); // a wake-up parses no vault for it
    await fakeBrowser.runtime.onStartup.trigger();
    await vi.waitFor(() => expect(registered.get('keydeck-detect')?.matches).toEqual(['http://octopi.local/*']));
  });

  test('permission events re-derive the registration: access removed, detection removed', async () => {
    const { browser, granted, registered, permissions } = fakes();
    granted.add('http://octopi.local/*');
    const { services } = startBackground(browser, PROVIDERS, memoryKeyHolder());
    await services.vault.add(octopi);
    await vi.waitFor(() => expect(registered.has('keydeck-detect')).toBe(true));
    granted.clear();
    await permissions.onRemoved.trigger({ origins: ['http://octopi.local/*'] });
    await vi.waitFor(() => expect(registered.has('keydeck-detect')).toBe(false));
  });

  test('a settings change follows through storage: "every site" registers everywhere once granted', async () => {
    const { browser, granted, registered } = fakes();
    EVERYWHERE.forEach((o) => granted.add(o));
    startBackground(browser, PROVIDERS, memoryKeyHolder());
    await fakeBrowser.storage.local.set({ settings: { detectEverywhere: true } }); // written by any context
    await vi.waitFor(() => expect(registered.get('keydeck-detect')?.matches).toEqual(EVERYWHERE));
  });

  test('a tab that closes is forgotten; a content-script report is kept per tab until then', async () => {
    const { browser } = fakes();
    const { store } = startBackground(browser, PROVIDERS, memoryKeyHolder());
    const report = { type: 'content.detected', payload: { kind: 'octoprint', page: 'main', url: 'http://octopi.local/' } };
    const tab = { id: fakeBrowser.runtime.id, url: 'http://octopi.local/', tab: { id: 5 } } as Sender;
    await fakeBrowser.runtime.onMessage.trigger(report, tab, () => undefined);
    expect(await store.tabDetection(5).get()).toMatchObject({ page: 'main' });
    await fakeBrowser.tabs.onRemoved.trigger(5, { windowId: 1, isWindowClosing: false });
    await vi.waitFor(async () => expect(await store.tabDetection(5).get()).toBeNull());
  });

  test('a key that arrives while no KeyDeck page is open is counted on the toolbar badge; opening the popup clears it', async () => {
    const { browser, action, onConnect } = fakes();
    const { services } = startBackground(browser, PROVIDERS, memoryKeyHolder());
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    await vi.waitFor(() => expect(action.setBadgeText).toHaveBeenCalledWith({ text: '' })); // nothing to say yet
    await services.vault.add({ ...octopi, createdAt: Date.now() + 1 }); // Allow clicked in OctoPrint, popup closed
    await vi.waitFor(() => expect(action.setBadgeText).toHaveBeenLastCalledWith({ text: '1' }));

    const posted: unknown[] = [];
    const port = { name: POPUP_PORT, sender: popup(), postMessage: (m: unknown) => void posted.push(m) } as unknown as Runtime.Port;
    await onConnect.trigger(port);
    await vi.waitFor(() => expect(action.setBadgeText).toHaveBeenLastCalledWith({ text: '' }));
    await vi.waitFor(() => expect(posted).toEqual(['seen'])); // the popup may let go of the port
  });

  describe('a hand-over tab, through webRequest and tabs.onUpdated', () => {
    const PORTAL = 'http://127.0.0.1:8001';
    const finishUrl = (key: string) => `${PORTAL}/appportal/v1/complete?success=true&url=https%3A%2F%2Fapp-x.octoeverywhere.com&octoPrintApiKey=${key}`;

    async function startPortal(browser: BackgroundBrowser) {
      await fakeBrowser.storage.local.set({ settings: { portalUrl: PORTAL } });
      const started = startBackground(browser, PROVIDERS, memoryKeyHolder());
      await started.services.capture.startPortal('OctoApp');
      const tab = (await fakeBrowser.tabs.query({})).find((t) => t.url?.startsWith(`${PORTAL}/appportal/v1?`));
      await fakeBrowser.tabs.update(tab!.id!, { url: tab!.url! }); // the portal's start page loads
      return { ...started, id: tab!.id! };
    }

    test('the finish request a portal page starts is saved (Chrome’s initiator, Firefox’s originUrl); the tab and its rule go', async () => {
      for (const started of [{ initiator: PORTAL }, { originUrl: `${PORTAL}/appportal/v1/authorize` }]) {
        fakeBrowser.reset();
        const { browser, webRequest, sessionRules } = fakes();
        const { services, id } = await startPortal(browser);
        expect([...sessionRules.keys()]).toEqual([id]);
        await webRequest.onBeforeRequest.trigger({ tabId: id, url: finishUrl('K'.repeat(43)), ...started });
        await vi.waitFor(async () => expect((await services.vault.all()).map((c) => c.secrets.apiKey)).toEqual(['K'.repeat(43)]));
        await vi.waitFor(async () => expect((await fakeBrowser.tabs.query({})).map((t) => t.id)).not.toContain(id));
        expect(sessionRules.size).toBe(0);
      }
    });

    test('the same request started by a page elsewhere saves nothing and ends the watch', async () => {
      const { browser, webRequest, sessionRules } = fakes();
      const { services, id, store } = await startPortal(browser);
      await webRequest.onBeforeRequest.trigger({ tabId: id, url: finishUrl('F'.repeat(43)), originUrl: 'http://127.0.0.1:9000/evil' });
      await vi.waitFor(async () => expect(await store.captureTabs.get()).toEqual({}));
      expect(sessionRules.size).toBe(0);
      expect(await services.vault.list()).toEqual([]);
    });

    test('a page whose address the browser hides (complete, no url) ends the watch; a page still loading does not', async () => {
      const { browser, sessionRules } = fakes();
      const { id, store } = await startPortal(browser);
      type Tab = Parameters<typeof fakeBrowser.tabs.onUpdated.trigger>[2];
      const hidden = { id, index: 0, highlighted: false, active: true, pinned: false, incognito: false, windowId: 1 } as Tab;
      await fakeBrowser.tabs.onUpdated.trigger(id, { status: 'loading' }, hidden); // Firefox: any navigation starts so
      await fakeBrowser.tabs.onUpdated.trigger(id, { status: 'complete' }, { ...hidden, url: `${PORTAL}/appportal/v1` });
      expect(Object.keys(await store.captureTabs.get())).toEqual([String(id)]);
      await fakeBrowser.tabs.onUpdated.trigger(id, { status: 'complete' }, hidden);
      await vi.waitFor(async () => expect(await store.captureTabs.get()).toEqual({}));
      expect(sessionRules.size).toBe(0);
    });

    test('the finish page merely shown in the tab saves nothing and ends the watch', async () => {
      const { browser } = fakes();
      const { services, id, store } = await startPortal(browser);
      await fakeBrowser.tabs.update(id, { url: finishUrl('G'.repeat(43)) });
      await vi.waitFor(async () => expect(await store.captureTabs.get()).toEqual({}));
      expect(await services.vault.list()).toEqual([]);
    });
  });

  test('the hourly alarm and vault changes keep the expiry badge true', async () => {
    const { browser, action } = fakes();
    const { services } = startBackground(browser, PROVIDERS, memoryKeyHolder());
    await services.vault.add({ ...octopi, expiresAt: Date.now() + 86_400_000 });
    await vi.waitFor(() => expect(action.setBadgeText).toHaveBeenLastCalledWith({ text: '1' }));
    action.setBadgeText.mockClear();
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'keydeck-expiry', scheduledTime: Date.now(), persistAcrossSessions: false });
    await vi.waitFor(() => expect(action.setBadgeText).toHaveBeenCalledWith({ text: '1' }));
  });
});
