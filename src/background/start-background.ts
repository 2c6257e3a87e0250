import type { Runtime } from 'webextension-polyfill';
import browser from 'webextension-polyfill';
import { ACTIVE_PHASES } from '../shared/flow';
import { originPattern } from '../shared/validation';
import { createBackgroundClipboard } from './clipboard-background';
import { createOffscreenClipboard, type ChromeOffscreenApi } from './clipboard-offscreen';
import { syncDetectionScripts } from './detection-scripts';
import { createAccountKeys } from './account-keys';
import { updateExpiryBadge } from './expiry-badge';
import { createFinishCapture } from './finish-capture';
import { createHandlers } from './handlers';
import { createHttp } from './http';
import { createProviderBackends } from './providers';
import { createSessionHttp } from './session-http';
import { createOctoPrintClient } from './providers/octoprint/client';
import { createOctoPrintWorkflow } from './providers/octoprint/workflow';
import { createRouter } from './router';
import { classifySender } from './sender';
import { createSettingsStore } from './settings-store';
import { createTabDetection } from './tab-detection';
import { createVault, VAULT_KEY } from './vault';

const FLOWS_ALARM = 'keydeck-flows';
const EXPIRY_ALARM = 'keydeck-expiry';

/**
 * The service worker (Chrome) / event page (Firefox). It only wires modules together; every
 * listener is registered synchronously at start so that an event that woke the worker is not missed.
 */
export function startBackground(): void {
  const vault = createVault(browser.storage.local);
  const settings = createSettingsStore(browser.storage.local);
  const chromeApi = (globalThis as { chrome?: Partial<ChromeOffscreenApi> }).chrome;
  // Chrome's worker has no clipboard and needs an offscreen document; Firefox's event page has one.
  const clipboard = chromeApi?.offscreen
    ? createOffscreenClipboard(chromeApi as ChromeOffscreenApi)
    : createBackgroundClipboard({
        clipboard: navigator.clipboard,
        session: browser.storage.session,
        alarms: browser.alarms,
      });
  const tabs = createTabDetection({
    session: browser.storage.session,
    executeScript: async (tabId, file) =>
      (await browser.scripting.executeScript({ target: { tabId }, files: [file] }))[0]?.result,
    setBadge: async (tabId, text) => {
      await browser.action.setBadgeBackgroundColor({ tabId, color: '#13803b' });
      await browser.action.setBadgeText({ tabId, text });
    },
  });
  const resyncDetection = () =>
    syncDetectionScripts({
      listCredentials: vault.list,
      detectEverywhere: async () => (await settings.get()).detectEverywhere,
      hasOrigins: (origins) => browser.permissions.contains({ origins }),
      registered: async () => (await browser.scripting.getRegisteredContentScripts()).map((s) => s.id),
      register: (script) => browser.scripting.registerContentScripts([script]),
      unregister: (id) => browser.scripting.unregisterContentScripts({ ids: [id] }),
    }).catch(() => []); // detection is a convenience: a failure here must not fail the action that caused it

  const http = createHttp();
  const sessionHttp = createSessionHttp();
  const workflow = createOctoPrintWorkflow({
    session: browser.storage.session,
    vault,
    client: createOctoPrintClient(http),
    // While a request is pending, an alarm wakes a worker the browser stopped, to carry on polling.
    onChange: (flow) => void (ACTIVE_PHASES.has(flow.phase) && browser.alarms.create(FLOWS_ALARM, { periodInMinutes: 0.5 })),
  });
  const showPage = async (url: string) => {
    const origin = new URL(url).origin;
    const tab = (await browser.tabs.query({})).find((t) => t.url && new URL(t.url).origin === origin);
    if (tab?.id === undefined) return void (await browser.tabs.create({ url }));
    await browser.tabs.update(tab.id, { active: true });
    if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
  };

  const capture = createFinishCapture({
    session: browser.storage.session,
    vault,
    settings: settings.get,
    openTab: async (url) => (await browser.tabs.create({ url })).id!,
    closeTab: (tabId) => browser.tabs.remove(tabId),
    tabUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
    scrubTab: async (tabId) =>
      void (await browser.scripting.executeScript({ target: { tabId }, func: () => history.replaceState(null, '', location.pathname) })),
  });

  const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;
  const handlers = createHandlers({
    vault,
    settings,
    clipboard,
    tabs,
    backends: createProviderBackends(http, sessionHttp),
    accounts: createAccountKeys(vault, http, sessionHttp),
    workflow,
    capture,
    hasHostAccess: (serviceUrl) => browser.permissions.contains({ origins: [originPattern(serviceUrl)] }),
    showPage,
    resyncDetection,
  });
  const route = createRouter(handlers, (sender) => classifySender(sender, browser.runtime.id, extensionOrigin));

  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    // The offscreen document's own traffic is not for us.
    if ((message as { target?: unknown } | null)?.target === 'offscreen') return undefined;
    return route(message, sender);
  });
  browser.alarms.onAlarm.addListener(async (alarm) => {
    if (alarm.name === EXPIRY_ALARM) await refreshExpiryBadge();
    if (alarm.name === FLOWS_ALARM && (await workflow.resume()) === 0) await browser.alarms.clear(FLOWS_ALARM);
    await clipboard.onAlarm(alarm.name);
  });
  void workflow.resume(); // a worker that was stopped mid-flow carries on here
  browser.permissions.onAdded.addListener(() => void resyncDetection());
  browser.permissions.onRemoved.addListener(() => void resyncDetection());
  browser.runtime.onInstalled.addListener(() => void resyncDetection());
  browser.runtime.onStartup.addListener(() => void resyncDetection());
  const refreshExpiryBadge = () =>
    updateExpiryBadge({
      vault,
      settings: settings.get,
      setBadge: async (text, title) => {
        await browser.action.setBadgeBackgroundColor({ color: '#b3261e' });
        await browser.action.setBadgeText({ text });
        await browser.action.setTitle({ title });
      },
    }).catch(() => undefined);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (VAULT_KEY in changes) vault.invalidate();
    if (VAULT_KEY in changes || 'settings' in changes) void refreshExpiryBadge();
  });
  void refreshExpiryBadge();
  // Created once: re-creating it at every worker start would keep pushing it back.
  void browser.alarms.get(EXPIRY_ALARM).then((alarm) => {
    if (!alarm) browser.alarms.create(EXPIRY_ALARM, { periodInMinutes: 60 });
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void tabs.forget(tabId);
    void capture.onTabClosed(tabId);
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (!change.url) return;
    void capture.onTabUrl(tabId, change.url);
    if (change.status === 'loading') void tabs.forget(tabId);
  });
}
