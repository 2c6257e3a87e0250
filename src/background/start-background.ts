import type { Runtime } from 'webextension-polyfill';
import browser from 'webextension-polyfill';
import { createBackgroundClipboard } from './clipboard-background';
import { createOffscreenClipboard, type ChromeOffscreenApi } from './clipboard-offscreen';
import { syncDetectionScripts } from './detection-scripts';
import { createHandlers } from './handlers';
import { createRouter } from './router';
import { classifySender } from './sender';
import { createSettingsStore } from './settings-store';
import { createTabDetection } from './tab-detection';
import { createVault } from './vault';

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

  const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;
  const route = createRouter(createHandlers({ vault, settings, clipboard, tabs, resyncDetection }), (sender) =>
    classifySender(sender, browser.runtime.id, extensionOrigin),
  );

  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    // The offscreen document's own traffic is not for us.
    if ((message as { target?: unknown } | null)?.target === 'offscreen') return undefined;
    return route(message, sender);
  });
  browser.alarms.onAlarm.addListener((alarm) => void clipboard.onAlarm(alarm.name));
  browser.permissions.onAdded.addListener(() => void resyncDetection());
  browser.permissions.onRemoved.addListener(() => void resyncDetection());
  browser.runtime.onInstalled.addListener(() => void resyncDetection());
  browser.runtime.onStartup.addListener(() => void resyncDetection());
  browser.tabs.onRemoved.addListener((tabId) => void tabs.forget(tabId));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading' && change.url) void tabs.forget(tabId);
  });
}
