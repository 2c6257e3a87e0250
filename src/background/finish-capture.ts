import type { CaptureResult, WatchedTab } from '../shared/capture';
import { PORTAL_COMPLETE_PATH, portalStartUrl } from '../shared/capture';
import type { Credential, VaultEntry } from '../shared/credential';
import { KeyDeckError } from '../shared/errors';
import type { Settings } from '../shared/settings';
import { checkAppName, withoutTrailingSlash } from '../shared/validation';
import { cocalc } from '../providers/cocalc';
import { octoeverywhere } from '../providers/octoeverywhere';
import type { KeyStore } from '../providers/types';
import { serial } from '../shared/serial';
import type { Store } from '../storage';
import { fingerprint } from './fingerprint';
import { expired, isFinishOf, step } from './capture-watch';
import { parseCocalcLegacy, parsePortalFinish } from './finish-page';

const MAX_RESULTS = 10;

const providerOf = (entry: Pick<WatchedTab, 'kind'>) => (entry.kind === 'cocalc-legacy' ? cocalc.id : octoeverywhere.id);

/** Where a hand-over that could not be stored still is. */
const UNSAVED: Record<WatchedTab['kind'], string> = {
  portal: 'The OctoEverywhere page that brought it stays open: once there is room, open KeyDeck on that tab and save it.',
  'cocalc-legacy': 'The tab that received it stays open.',
};
const UNSAVED_KEY = 'The key is NOT saved: copy it or reveal it now and store it somewhere safe; KeyDeck forgets it when you dismiss this. ';

export interface FinishCaptureDeps {
  /** The `captureTabs` and `captureResults` storage items (storage.session). */
  items: Pick<Store, 'captureTabs' | 'captureResults' | 'captureUnsaved'>;
  vault: KeyStore & { list(): Promise<VaultEntry[]> };
  settings: () => Promise<Settings>;
  openTab(url: string): Promise<number>;
  closeTab(tabId: number): Promise<void>;
  tabUrl(tabId: number): Promise<string | undefined>;
  /** Replaces the shown URL with one without its query, so the secrets leave the tab's history entry. */
  scrubTab(tabId: number): Promise<void>;
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

  const watched = () => items.captureTabs.get();
  const results = () => items.captureResults.get();

  async function report(result: Omit<CaptureResult, 'id' | 'at'>): Promise<CaptureResult> {
    const full = { ...result, id: newId(), at: now() };
    await items.captureResults.update((list) => [full, ...list].slice(0, MAX_RESULTS));
    return full;
  }

  const watch = (tabId: number, entry: WatchedTab) => items.captureTabs.update((tabs) => ({ ...tabs, [tabId]: entry }));
  const unwatch = (tabId: number) => items.captureTabs.update(({ [tabId]: _gone, ...rest }) => rest);
  /** The tab's watch, unless it has expired (an expired one is no watch: its finish page is only offered). */
  const liveWatch = async (tabId: number) => {
    const entry = (await watched())[tabId];
    return entry && !expired(entry, now()) ? entry : undefined;
  };
  /** Drops every expired watch (a tab left open for hours must not keep one); returns the live ones. */
  async function dropExpired(): Promise<Record<string, WatchedTab>> {
    const all = await watched();
    if (!Object.values(all).some((entry) => expired(entry, now()))) return all;
    return items.captureTabs.update((tabs) => Object.fromEntries(Object.entries(tabs).filter(([, entry]) => !expired(entry, now()))));
  }

  /** Stores what a finish URL carries, once per URL. */
  async function store(url: string, entry: Pick<WatchedTab, 'kind' | 'app' | 'serviceUrl'>): Promise<CaptureResult> {
    const base = { kind: entry.kind, app: entry.app, serviceUrl: entry.serviceUrl, provider: providerOf(entry) };
    const capturedFrom = await fingerprint(url);
    const existing = (await vault.list()).find((c) => c.capturedFrom === capturedFrom);
    if (existing) return report({ ...base, ok: true, credentialId: existing.id, message: `Already saved: this page was captured before (${existing.app}).` });

    if (entry.kind === 'cocalc-legacy') {
      const parsed = parseCocalcLegacy(url);
      if (!parsed.ok) return report({ ...base, ok: false, message: parsed.error });
      const credential = await vault.add({
        provider: cocalc.id, serviceUrl: entry.serviceUrl, app: entry.app, secrets: { apiKey: parsed.value.apiKey },
        source: 'finish-page', createdAt: now(), capturedFrom,
      });
      return report({ ...base, ok: true, credentialId: credential.id, message: `Saved the CoCalc key for ${new URL(entry.serviceUrl).host}.` });
    }

    const parsed = parsePortalFinish(url);
    if (!parsed.ok) return report({ ...base, ok: false, message: parsed.error });
    const c = parsed.value;
    const details = Object.fromEntries(
      Object.entries({ printer: c.printerName, connectionId: c.connectionId, localIp: c.localIp, accessUrl: c.accessUrl }).filter(([, value]) => value),
    ) as Record<string, string>;
    const secrets: Credential['secrets'] = Object.fromEntries(
      Object.entries({ apiKey: c.apiKey, connectionUrl: c.connectionUrl, basicUser: c.basicUser, basicPassword: c.basicPassword, bearerToken: c.bearerToken, appToken: c.appToken }).filter(([, value]) => value),
    );
    const credential = await vault.add({
      provider: octoeverywhere.id, serviceUrl: c.connectionUrl, app: entry.app, ...(c.basicUser ? { user: c.basicUser } : {}),
      secrets, source: 'finish-page', createdAt: now(), details, capturedFrom,
    });
    const printer = c.printerName ? ` (${c.printerName})` : '';
    return c.apiKey
      ? report({ ...base, serviceUrl: c.connectionUrl, ok: true, credentialId: credential.id, message: `Saved the OctoEverywhere connection for ${entry.app}${printer}, with its OctoPrint key.` })
      : report({
          ...base, serviceUrl: c.connectionUrl, ok: true, credentialId: credential.id, missingKey: true,
          message: `Saved the OctoEverywhere connection for ${entry.app}${printer}, but OctoEverywhere could not make an OctoPrint key. Usual reasons: the printer is offline, its OctoEverywhere plugin is old, OctoPrint has no user set up, or the e-mail check failed. Use “Get key” on your OctoPrint tab, or add a key by hand.`,
        });
  }

  /**
   * Stores what a finish URL carries; when storage is full, keeps its key in storage.session for the
   * popup's Copy and Reveal (handed over once, it must not be lost) and says so. True when saved.
   */
  async function storeOrKeep(url: string, entry: WatchedTab): Promise<boolean> {
    try {
      await store(url, entry);
      return true;
    } catch (error) {
      if (!(error instanceof KeyDeckError) || error.code !== 'storage-full') throw error;
      const parsed = entry.kind === 'cocalc-legacy' ? parseCocalcLegacy(url) : parsePortalFinish(url);
      const apiKey = parsed.ok ? parsed.value.apiKey : undefined;
      const result = await report({
        kind: entry.kind, app: entry.app, serviceUrl: entry.serviceUrl, provider: providerOf(entry), ok: false,
        message: `${error.message} ${apiKey ? UNSAVED_KEY : ''}${UNSAVED[entry.kind]}`,
        ...(apiKey ? { unsavedKey: true } : {}),
      });
      if (apiKey) await items.captureUnsaved.update((held) => ({ ...held, [result.id]: apiKey }));
      return false;
    }
  }

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
      await exclusive(() => watch(tabId, { kind: 'portal', returnUrl, serviceUrl: portalUrl, app: app.trim(), startedAt }));
    },

    async startCocalcLegacy(): Promise<void> {
      const { cocalcUrl } = await deps.settings();
      const base = withoutTrailingSlash(cocalcUrl);
      const startedAt = now();
      const tabId = await deps.openTab(`${base}/app?get_api_key=keydeck`);
      await exclusive(() => watch(tabId, { kind: 'cocalc-legacy', serviceUrl: base, app: 'KeyDeck', startedAt }));
    },

    /**
     * Every navigation of every tab comes here, `undefined` for an address the browser hides from
     * KeyDeck. A watched tab is captured only at its finish address, reached without leaving the
     * hand-over's own origins; anything else ends its watch for good (capture-watch.ts).
     */
    onTabUrl: (tabId: number, url: string) =>
      exclusive(async () => {
        const entry = (await dropExpired())[tabId];
        if (!entry) return;
        const next = step(entry, url);
        if (next === 'wait') return;
        if (next === 'stay') return;
        await unwatch(tabId);
        if (next === 'end') return; // what the tab shows later is only offered
        if (!(await storeOrKeep(url, entry))) return; // not saved: the tab that holds it stays open too
        await deps.closeTab(tabId).catch(() => undefined); // gone from the tab's history with it
      }),

    onTabClosed: (tabId: number) => exclusive(() => unwatch(tabId)),

    /** Does this tab show a portal finish page KeyDeck did not start (the popup then offers to save it)? */
    offer: async (tabId: number) => (await unstartedFinish(tabId)) !== null,

    /** The user confirmed in the popup: save what that finish page carries. */
    confirm: (tabId: number) =>
      exclusive(async () => {
        const url = await unstartedFinish(tabId);
        if (!url) throw new KeyDeckError('not-found', 'That tab no longer shows an OctoEverywhere finish page.');
        const { portalUrl } = await deps.settings();
        const printer = new URL(url).searchParams;
        const app = [...printer].find(([name]) => name.toLowerCase() === 'printername')?.[1]?.slice(0, 60) || 'OctoEverywhere';
        const result = await store(url, { kind: 'portal', serviceUrl: portalUrl, app: app.length >= 2 ? app : 'OctoEverywhere' });
        await deps.scrubTab(tabId).catch(() => undefined);
        return result;
      }),

    results,
    dismiss: async (id: string) => {
      await items.captureUnsaved.update(({ [id]: _gone, ...rest }) => rest);
      await items.captureResults.update((list) => list.filter((r) => r.id !== id));
    },

    /** A handed-over key that could not be saved (see storeOrKeep). */
    async unsavedKey(id: string): Promise<string> {
      const key = (await items.captureUnsaved.get())[id];
      if (!key) throw new KeyDeckError('not-found', 'This hand-over holds no unsaved key.');
      return key;
    },
  };
}

export type FinishCapture = ReturnType<typeof createFinishCapture>;
