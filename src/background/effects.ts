import type { Registry } from '../providers/registry';
import type { Store } from '../storage';
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
  const expiryBadge = coalesce(() => updateExpiryBadge({ listCredentials: vault.list, settings: store.settings.get, setBadge: globalBadge(browser) }));
  return { detection, expiryBadge, all: () => Promise.all([detection(), expiryBadge()]) };
}

export type Effects = ReturnType<typeof createEffects>;
