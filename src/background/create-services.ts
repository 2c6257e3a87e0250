import { ACTIVE_PHASES } from '../shared/flow';
import { originPattern } from '../shared/validation';
import { createHttp } from '../providers/http';
import { createOctoPrintClient } from '../providers/octoprint/client';
import { createOctoPrintWorkflow } from '../providers/octoprint/workflow';
import { octoprint } from '../providers/octoprint';
import { PROVIDERS, type Registry } from '../providers/registry';
import { createSessionHttp } from '../providers/session-http';
import type { ProviderContext } from '../providers/types';
import { createStore } from '../storage';
import { tabBadge } from './badges';
import type { BackgroundBrowser } from './browser-api';
import { createBackgroundClipboard } from './clipboard-background';
import { createCertificateAwareFetch } from './certificate-fetch';
import { createOffscreenClipboard, type ChromeOffscreenApi } from './clipboard-offscreen';
import { createOffscreenFetch } from './offscreen-fetch';
import { createRequestErrors } from './request-errors';
import { createFinishBlock, type SessionRules } from './finish-block';
import { createFinishCapture } from './finish-capture';
import { createKeepAwake } from './keep-awake';
import { createFarmService } from './farm/farm-service';
import { probeFarmServer } from './farm/probe';
import type { Services } from './handlers';
import { createShowPage } from './show-page';
import { createTabDetection } from './tab-detection';
import { indexedDbKeyHolder, type KeyHolder } from './crypto/device-key';
import { createLock } from './lock';
import { createRotation, type KeyRotation } from './rotation/rotation';
import { createVault } from './vault';
import { CLIPBOARD_CLEARED } from '../shared/clipboard-cleared';

export const FLOWS_ALARM = 'keydeck-flows';

/** Builds every background service once, over one browser (the real one, or fakes in unit tests). */
export function createServices(browser: BackgroundBrowser, providers: Registry = PROVIDERS, deviceKey: KeyHolder = indexedDbKeyHolder()) {
  const store = createStore(browser.storage);
  const lock = createLock({ items: store, deviceKey, alarms: browser.alarms });
  const vault = createVault(store.vault, lock, { index: store.vaultIndexCount, inbox: store.vaultInbox });
  const chromeApi = (globalThis as { chrome?: Partial<ChromeOffscreenApi> }).chrome;
  const requestErrors = createRequestErrors();
  // https servers with a self-signed certificate the user accepted in a tab: Chrome's worker retries
  // from the offscreen document; Firefox's event page needs no retry. Both say what the browser said.
  const serverFetch = createCertificateAwareFetch({
    fetch: (input, init) => fetch(input, init),
    errors: requestErrors,
    pageFetch: chromeApi?.offscreen ? createOffscreenFetch(chromeApi as ChromeOffscreenApi) : undefined,
  });
  const ctx: ProviderContext = { http: createHttp(serverFetch), sessionHttp: createSessionHttp(serverFetch), now: Date.now, settings: store.settings.get };
  // Chrome's worker has no clipboard and needs an offscreen document; Firefox's event page has one.
  const clipboard = chromeApi?.offscreen
    ? createOffscreenClipboard(chromeApi as ChromeOffscreenApi)
    : createBackgroundClipboard({
        clipboard: navigator.clipboard,
        pending: store.clipboardPending,
        alarms: browser.alarms,
        onCleared: () => void browser.runtime.sendMessage(CLIPBOARD_CLEARED).catch(() => undefined),
      });
  const octoprintClient = createOctoPrintClient(ctx.http);
  const workflow = createOctoPrintWorkflow({
    flows: store.flows,
    vault,
    client: octoprintClient,
    // While a flow is active, an alarm (30 s apart, re-created on each change) wakes a worker the browser
    // stopped. It cannot keep an OctoPrint request alive (OctoPrint drops one unpolled for 5 s), but the
    // new worker then finds it gone and says it lapsed, and carries on flows that wait longer anyway.
    onChange: (flow) => {
      if (ACTIVE_PHASES.has(flow.phase)) {
        browser.alarms.create(FLOWS_ALARM, { periodInMinutes: 0.5 });
        void vault.prepare().catch(() => undefined); // a key may arrive at the next poll: seal and write only
      }
      void rotation.onFlow(flow).catch(() => undefined); // a rotation waiting on this flow steps once it ends
    },
  });
  const rotation: KeyRotation = createRotation({
    rotations: store.rotations,
    vault,
    workflow,
    http: ctx.http,
    revoke: (credential, others) => octoprint.revoke!(credential, others, ctx),
    verify: (credential) => octoprint.verify!(credential, ctx),
    now: Date.now,
  });
  // Firefox stops a finish request with `block`, Chrome with a redirect (finish-block.ts says why).
  const firefox = typeof (browser.runtime as { getBrowserInfo?: unknown }).getBrowserInfo === 'function';
  const finishBlock = createFinishBlock(browser.declarativeNetRequest as unknown as SessionRules, firefox);
  const services: Services = {
    vault,
    lock,
    settings: store.settings,
    clipboard,
    providers,
    ctx,
    workflow,
    rotation,
    farm: createFarmService({
      item: store.farm,
      workflow,
      probe: (url) => probeFarmServer(octoprintClient, ctx.http, url),
      savedKeys: () => vault.list(),
      provider: octoprint.id,
    }),
    tabs: createTabDetection({
      item: store.tabDetection,
      executeScript: async (tabId, file) => (await browser.scripting.executeScript({ target: { tabId }, files: [file] }))[0]?.result,
      setBadge: tabBadge(browser),
    }),
    capture: createFinishCapture({
      items: store,
      keepAwake: createKeepAwake({ ping: () => browser.runtime.getPlatformInfo() }).until,
      vault,
      settings: store.settings.get,
      openTab: async (url) => (await browser.tabs.create({ url })).id!,
      closeTab: (tabId) => browser.tabs.remove(tabId),
      tabUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
      scrubTab: async (tabId) =>
        void (await browser.scripting.executeScript({ target: { tabId }, func: () => history.replaceState(null, '', location.pathname) })),
      ...finishBlock,
      // `history` is optional (asked when a hand-over starts): without it there is nothing to remove with.
      forgetUrl: async (url) => {
        if (await browser.permissions.contains({ permissions: ['history'] })) await browser.history.deleteUrl({ url });
      },
    }),
    hasHostAccess: (serviceUrl) => browser.permissions.contains({ origins: [originPattern(serviceUrl)] }),
    showPage: createShowPage(browser),
  };
  return { store, services, requestErrors };
}
