import type { Runtime } from 'webextension-polyfill';
import { PROVIDERS, type Registry } from '../providers/registry';
import { keepStorageFromContentScripts } from '../storage/access';
import type { BackgroundBrowser } from './browser-api';
import { originOf } from './capture-watch';
import { createServices, FLOWS_ALARM } from './create-services';
import type { KeyHolder } from './crypto/device-key';
import { REQUEST_ERROR_FILTER } from './request-errors';
import { createEffects } from './effects';
import { fillVaultIndex } from './vault-index-fill';
import { createHandlers } from './handlers';
import { createRouter } from './router';
import { classifySender } from './sender';

const EXPIRY_ALARM = 'keydeck-expiry';

/**
 * The service worker (Chrome) / event page (Firefox): builds the services, then wires every
 * listener synchronously, so an event that woke the worker is not missed.
 */
export function startBackground(browser: BackgroundBrowser, providers: Registry = PROVIDERS, deviceKey?: KeyHolder) {
  const { store, services, requestErrors } = createServices(browser, providers, deviceKey);
  const { vault, lock, workflow, clipboard, tabs, capture } = services;
  const effects = createEffects(browser, { store, vault, providers });
  // The extension's own base URL, slash included, so no other extension's id can share its prefix.
  const extensionBase = browser.runtime.getURL('/');
  const route = createRouter(createHandlers(services), (sender) => classifySender(sender, browser.runtime.id, extensionBase));

  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    // The offscreen document's own traffic is not for us.
    const target = (message as { target?: unknown } | null)?.target;
    if (target === 'offscreen' || target === 'popup') return undefined;
    return route(message, sender);
  });
  // Why an https request failed (a certificate?): fetch does not say, webRequest does.
  browser.webRequest.onErrorOccurred.addListener((details) => requestErrors.record(details), REQUEST_ERROR_FILTER);
  browser.alarms.onAlarm.addListener(async (alarm) => {
    if (alarm.name === EXPIRY_ALARM) await effects.expiryBadge();
    if (alarm.name === FLOWS_ALARM && (await workflow.resume()) + (await services.rotation.resume()) === 0) await browser.alarms.clear(FLOWS_ALARM);
    await clipboard.onAlarm(alarm.name);
    await lock.onAlarm(alarm.name);
  });
  // Effects follow the stored data, whoever changed it (a handler, a flow, another context).
  store.vault.onChange(() => {
    vault.invalidate();
    void effects.all();
  });
  // A key received into the inbox is a vault change for the effects (the arrival badge); the vault's
  // cache already holds it (only this worker writes the inbox).
  store.vaultInbox.onChange(() => void effects.all());
  // A worker stopped between a hand-over's inbox write and its fold: the vault gets it now.
  void vault.fold().catch(() => undefined);
  store.settings.onChange(() => void effects.all());
  // A rotation that met the lock carries on once the vault is unlocked (in any window).
  let wasUnlocked = false;
  store.unlocked.watch((open) => {
    if (open && !wasUnlocked) void services.rotation.resume().catch(() => undefined);
    wasUnlocked = open !== null;
  });
  // A KeyDeck page open or closed: keys arriving meanwhile are seen, or counted on the badge.
  browser.runtime.onConnect.addListener((port) =>
    effects.arrivals.onConnect(port, (sender) => classifySender(sender ?? {}, browser.runtime.id, extensionBase) === 'extension-page', () => void effects.expiryBadge()),
  );
  browser.permissions.onAdded.addListener(() => void effects.detection());
  browser.permissions.onRemoved.addListener(() => void effects.detection());
  // Registrations (not persisted across browser sessions) and the badge outlive a stopped worker, so
  // they are derived at install and browser start, and on every change: never on a worker's wake-up,
  // whose first answer must not wait for the whole vault to be parsed.
  browser.runtime.onInstalled.addListener(() => void fillVaultIndex({ store, vault }).catch(() => undefined).finally(() => effects.all()));
  browser.runtime.onStartup.addListener(() => void effects.all());
  browser.tabs.onRemoved.addListener((tabId) => {
    void tabs.forget(tabId);
    void capture.onTabClosed(tabId);
  });
  // A hand-over's finish address is read here, before the request is sent; Chrome names the origin
  // that started the navigation `initiator`, Firefox gives that page's whole URL as `originUrl`.
  browser.webRequest.onBeforeRequest.addListener(
    (request) => {
      const initiator = (request as { initiator?: string }).initiator ?? originOf(request.originUrl) ?? undefined;
      if (request.tabId >= 0) void capture.onRequest(request.tabId, request.url, initiator);
    },
    { urls: ['<all_urls>'], types: ['main_frame'] },
  );
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    // A page loaded whose address KeyDeck may not see ends a watch too. Only `complete` tells: Firefox
    // reports `loading` without an address at the start of every navigation (checked on ESR 153).
    if (change.url || (change.status === 'complete' && !tab.url)) void capture.onTabUrl(tabId, change.url ?? tab.url);
    if (change.url && change.status === 'loading') void tabs.forget(tabId);
  });

  void keepStorageFromContentScripts(browser.storage).catch(() => undefined); // best effort: an old Chrome lacks it
  void workflow.resume(); // a worker that was stopped mid-flow carries on here
  void services.rotation.resume().catch(() => undefined); // and a rotation mid-step
  void services.farm.resume().catch(() => undefined); // and a farm's servers not probed yet
  // Created once: re-creating it at every worker start would keep pushing it back.
  void browser.alarms.get(EXPIRY_ALARM).then((alarm) => {
    if (!alarm) browser.alarms.create(EXPIRY_ALARM, { periodInMinutes: 60 });
  });
  return { store, services, effects };
}
