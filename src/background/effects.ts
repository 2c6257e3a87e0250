import type { Registry } from '../providers/registry';
import type { Store } from '../storage';
import { createArrivals, drawArrivals, keyDeckPageOpen } from './arrival-badge';
import { tn } from '../shared/i18n';
import { globalBadge } from './badges';
import type { BackgroundBrowser } from './browser-api';
import { coalesce } from './coalesce';
import { SCRIPT_ID, syncDetectionScripts } from './detection-scripts';
import { updateExpiryBadge } from './expiry-badge';
import type { Vault } from './vault';

/**
 * What depends on stored data, derived from it: the detection script's registration (servers held,
 * the opt-in, granted hosts) and the expiry badge. Each runs one at a time and is idempotent, so any
 * change — from a handler, a flow, another context — simply asks it to run again.
 */
export function createEffects(browser: BackgroundBrowser, { store, vault, providers }: { store: Store; vault: Vault; providers: Registry }) {
  const detection = coalesce(() =>
    syncDetectionScripts({
      providers,
      listCredentials: vault.list,
      detectEverywhere: async () => (await store.settings.get()).detectEverywhere,
      hasOrigins: (origins) => browser.permissions.contains({ origins }),
      registeredMatches: async () => (await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] }))[0]?.matches ?? null,
      register: (script) => browser.scripting.registerContentScripts([script]),
      update: (script) => browser.scripting.updateContentScripts([script]),
      unregister: (id) => browser.scripting.unregisterContentScripts({ ids: [id] }),
    }),
  );
  const arrivals = createArrivals({ item: store.arrivals, listCredentials: vault.list, pageOpen: () => keyDeckPageOpen(browser) });
  // Tabs marked "OP" (tab-detection.ts): their own badge would hide the global one there.
  const markedTabs = async () => {
    const tabs = await browser.tabs.query({});
    const marked = await Promise.all(tabs.map(async (tab) => (tab.id !== undefined && (await store.tabDetection(tab.id).get()) ? tab.id : null)));
    return marked.filter((id): id is number => id !== null);
  };
  const title = (count: string) => tn('newKeysTitle', Number(count));
  // One toolbar badge: keys that arrived unseen come first; otherwise the expiry warning.
  const expiryBadge = coalesce(async () => {
    const count = await arrivals.unseen();
    await arrivals.draw(count, (n) => drawArrivals(browser, n, markedTabs, title));
    if (count === 0) await updateExpiryBadge({ listCredentials: vault.list, settings: store.settings.get, setBadge: globalBadge(browser) });
  });
  return { detection, expiryBadge, arrivals, all: () => Promise.all([detection(), expiryBadge()]) };
}

export type Effects = ReturnType<typeof createEffects>;
