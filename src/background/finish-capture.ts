import { t } from '../shared/i18n';
import type { WatchedTab } from '../shared/capture';
import { PORTAL_COMPLETE_PATH, portalStartUrl } from '../shared/capture';
import { KeyDeckError } from '../shared/errors';
import type { Settings } from '../shared/settings';
import { checkAppName, withoutTrailingSlash } from '../shared/validation';
import { serial } from '../shared/serial';
import type { Store } from '../storage';
import { expired, isFinishOf, lastExpiry, onRequest, step } from './capture-watch';
import { createFinishStore } from './finish-store';
import type { Vault } from './vault';

export interface FinishCaptureDeps {
  /** The `captureTabs` storage item, and finish-store.ts's (all in storage.session). */
  items: Pick<Store, 'captureTabs' | 'captureResults' | 'captureUnsaved'>;
  vault: Pick<Vault, 'list' | 'receive' | 'fold'> & { prepare?(): Promise<void> };
  settings: () => Promise<Settings>;
  openTab(url: string): Promise<number>;
  closeTab(tabId: number): Promise<void>;
  tabUrl(tabId: number): Promise<string | undefined>;
  /** Replaces the shown URL with one without its query, so the secrets leave the tab's own entry. */
  scrubTab(tabId: number): Promise<void>;
  /** Stops the tab's top-level requests to the watch's finish address before they are sent (finish-block.ts). */
  block(tabId: number, entry: WatchedTab): Promise<void>;
  unblock(tabId: number): Promise<void>;
  /** Removes an address from the browser's history, when the user granted that; best effort. */
  forgetUrl(url: string): Promise<void>;
  /** Keeps the worker running until the last watch expires (keep-awake.ts); `undefined`: none left. */
  keepAwake?(until: number | undefined): void;
  now?: () => number;
  newId?: () => string;
}

/**
 * Captures credentials handed back once on a finish page: only in a tab KeyDeck opened for that
 * hand-over and at exactly the address it expects, or after the user confirmed in the popup.
 */
export function createFinishCapture(deps: FinishCaptureDeps) {
  const { items, vault, now = Date.now, newId = () => crypto.randomUUID() } = deps;
  const exclusive = serial();

  // The watches, read once per worker and then kept with every change this service makes (it is their
  // only writer): a finish request is then decided without a storage round trip before the vault write.
  let memo: Promise<Record<string, WatchedTab>> | undefined;
  const awake = (tabs: Record<string, WatchedTab>) => (deps.keepAwake?.(lastExpiry(tabs, now())), tabs);
  const watched = () => (memo ??= items.captureTabs.get().then(awake));
  const changeWatches = (change: (tabs: Record<string, WatchedTab>) => Record<string, WatchedTab>) => {
    const next = items.captureTabs.update(change).then(awake);
    memo = next.catch(() => items.captureTabs.get().then(awake));
    return next;
  };
  // Saving what a finish URL carries, and the outcomes the popup shows (finish-store.ts).
  const { store, storeOrKeep, results, dismiss, unsavedKey } = createFinishStore({ items, vault, now, newId });

  const watch = (tabId: number, entry: WatchedTab) => changeWatches((tabs) => ({ ...tabs, [tabId]: entry }));
  /** Ends a watch: the record and the tab's blocking rule go together. */
  const unwatch = async (tabId: number) => {
    await changeWatches(({ [tabId]: _gone, ...rest }) => rest);
    await deps.unblock(tabId).catch(() => undefined);
  };
  /**
   * A key may arrive soon: ready the vault's write (entries read, public key imported, an envelope
   * made), so the finish request costs a seal and a write. Best effort: storing says what fails.
   */
  const prepare = () => void vault.prepare?.().catch(() => undefined);
  /** No watch without its rule: if the rule cannot be set, nothing is captured in that tab (fail closed). */
  const blockAndWatch = async (tabId: number, entry: WatchedTab) => {
    await deps.block(tabId, entry);
    await watch(tabId, entry);
    prepare();
  };
  /** The tab's watch, unless it has expired (an expired one is no watch: its finish page is only offered). */
  const liveWatch = async (tabId: number) => {
    const entry = (await watched())[tabId];
    return entry && !expired(entry, now()) ? entry : undefined;
  };
  /** Drops every expired watch (a tab left open for hours must not keep one); returns the live ones. */
  async function dropExpired(): Promise<Record<string, WatchedTab>> {
    const all = await watched();
    const gone = Object.keys(all).filter((tabId) => expired(all[tabId]!, now()));
    if (gone.length === 0) return all;
    for (const tabId of gone) await unwatch(Number(tabId));
    return watched();
  }

  /** The hand-over is done (the key landed in the inbox): the whole vault is written now. Best effort: the inbox stays readable. */
  const fold = () => vault.fold().catch(() => undefined);

  /** A portal finish page KeyDeck did not start: on the configured portal's own complete page. */
  async function unstartedFinish(tabId: number): Promise<string | null> {
    const url = await deps.tabUrl(tabId);
    if (!url || (await liveWatch(tabId))) return null;
    const { portalUrl } = await deps.settings();
    return isFinishOf(url, `${withoutTrailingSlash(portalUrl)}${PORTAL_COMPLETE_PATH}`) ? url : null;
  }

  return {
    async startPortal(app: string, printerId?: string): Promise<void> {
      const problem = checkAppName(app);
      if (problem) throw new KeyDeckError('invalid-input', problem);
      const { portalUrl, portalAppId } = await deps.settings();
      const { startUrl, returnUrl } = portalStartUrl(portalUrl, portalAppId, app.trim(), printerId?.trim() || undefined);
      const startedAt = now();
      const tabId = await deps.openTab(startUrl);
      const entry: WatchedTab = { kind: 'portal', returnUrl, serviceUrl: portalUrl, app: app.trim(), startedAt };
      await exclusive(() => blockAndWatch(tabId, entry));
    },

    async startCocalcLegacy(): Promise<void> {
      const { cocalcUrl } = await deps.settings();
      const base = withoutTrailingSlash(cocalcUrl);
      const startedAt = now();
      const tabId = await deps.openTab(`${base}/app?get_api_key=keydeck`);
      const entry: WatchedTab = { kind: 'cocalc-legacy', serviceUrl: base, app: 'KeyDeck', startedAt };
      await exclusive(() => blockAndWatch(tabId, entry));
    },

    /**
     * Every top-level request of every tab KeyDeck can see comes here before it is sent
     * (webRequest.onBeforeRequest), with the origin that started its navigation. A watched tab's
     * finish address — blocked from loading by its rule — is captured only when the hand-over's own
     * origin started it (capture-watch.ts); anything else ends the watch for good.
     */
    onRequest: (tabId: number, url: string, initiator: string | undefined) =>
      exclusive(async () => {
        const entry = (await dropExpired())[tabId];
        if (!entry) return;
        const next = onRequest(entry, url, initiator);
        if (next === 'stay') return prepare(); // a worker woken by the portal's own pages gets ready
        if (next === 'end') return unwatch(tabId); // what the tab shows later is only offered
        let saved: boolean;
        try {
          saved = await storeOrKeep(url, entry);
        } finally {
          await unwatch(tabId);
        }
        await deps.forgetUrl(url).catch(() => undefined);
        if (!saved) return; // kept for Copy and Reveal; the tab stays for the user to start again
        // The finish address never loaded (the rule stopped it), so closing the tab leaves no
        // history entry and nothing with the secrets among the recently closed tabs.
        await deps.closeTab(tabId).catch(() => undefined);
        await fold();
      }),

    /**
     * The address a tab now shows (tabs.onUpdated); `undefined` for one the browser hides from
     * KeyDeck, which ends a watch too. A finish address is never captured from here.
     */
    onTabUrl: (tabId: number, url: string | undefined) =>
      exclusive(async () => {
        const entry = (await dropExpired())[tabId];
        if (!entry) return;
        const next = url === undefined ? 'end' : step(entry, url);
        if (next === 'end') await unwatch(tabId);
      }),

    onTabClosed: (tabId: number) => exclusive(() => unwatch(tabId)),

    /** Does this tab show a portal finish page KeyDeck did not start (the popup then offers to save it)? */
    offer: async (tabId: number) => (await unstartedFinish(tabId)) !== null,

    /** The user confirmed in the popup: save what that finish page carries. */
    confirm: (tabId: number) =>
      exclusive(async () => {
        const url = await unstartedFinish(tabId);
        if (!url) throw new KeyDeckError('not-found', t('captureTabGone'));
        const { portalUrl } = await deps.settings();
        const printer = new URL(url).searchParams;
        const app = [...printer].find(([name]) => name.toLowerCase() === 'printername')?.[1]?.slice(0, 60) || 'OctoEverywhere';
        const result = await store(url, { kind: 'portal', serviceUrl: portalUrl, app: app.length >= 2 ? app : 'OctoEverywhere' });
        await deps.scrubTab(tabId).catch(() => undefined);
        await deps.forgetUrl(url).catch(() => undefined); // this page did load: its history entry goes
        await fold();
        return result;
      }),

    results,
    dismiss,
    unsavedKey,
  };
}

export type FinishCapture = ReturnType<typeof createFinishCapture>;
