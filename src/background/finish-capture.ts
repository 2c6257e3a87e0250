import * as v from 'valibot';
import type { CaptureResult } from '../shared/capture';
import { PORTAL_COMPLETE_PATH, portalStartUrl } from '../shared/capture';
import type { Credential } from '../shared/credential';
import { KeyDeckError } from '../shared/errors';
import { isCocalcHandOver, parseCocalcLegacy, parsePortalFinish } from '../shared/finish-page';
import type { Settings } from '../shared/settings';
import { checkAppName } from '../shared/validation';
import { fingerprint } from './fingerprint';
import { serial } from './serial';
import type { StorageArea } from './storage-area';
import type { Vault } from './vault';

/** A tab KeyDeck opened to receive credentials, kept in `storage.session` so a sleeping worker still knows it. */
const WatchedSchema = v.object({
  kind: v.picklist(['portal', 'cocalc-legacy']),
  /** Portal: the finish page must be exactly this (origin and path). */
  returnUrl: v.optional(v.string()),
  serviceUrl: v.string(),
  app: v.string(),
});
type Watched = v.InferOutput<typeof WatchedSchema>;
const WATCHED_KEY = 'capture.tabs';
const RESULTS_KEY = 'capture.results';
const MAX_RESULTS = 10;

export interface FinishCaptureDeps {
  session: StorageArea;
  vault: Vault;
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
  const { session, vault, now = Date.now, newId = () => crypto.randomUUID() } = deps;
  const exclusive = serial();

  async function watched(): Promise<Record<string, Watched>> {
    const parsed = v.safeParse(v.record(v.string(), WatchedSchema), (await session.get(WATCHED_KEY))[WATCHED_KEY] ?? {});
    return parsed.success ? parsed.output : {};
  }

  async function results(): Promise<CaptureResult[]> {
    return ((await session.get(RESULTS_KEY))[RESULTS_KEY] as CaptureResult[] | undefined) ?? [];
  }

  async function report(result: Omit<CaptureResult, 'id' | 'at'>): Promise<CaptureResult> {
    const full = { ...result, id: newId(), at: now() };
    await session.set({ [RESULTS_KEY]: [full, ...(await results())].slice(0, MAX_RESULTS) });
    return full;
  }

  async function watch(tabId: number, entry: Watched): Promise<void> {
    await session.set({ [WATCHED_KEY]: { ...(await watched()), [tabId]: entry } });
  }

  async function unwatch(tabId: number): Promise<void> {
    const { [tabId]: _gone, ...rest } = await watched();
    await session.set({ [WATCHED_KEY]: rest });
  }

  /** Stores what a finish URL carries, once per URL. */
  async function store(url: string, entry: Watched): Promise<CaptureResult> {
    const base = { kind: entry.kind, app: entry.app, serviceUrl: entry.serviceUrl };
    const capturedFrom = await fingerprint(url);
    const existing = (await vault.list()).find((c) => c.capturedFrom === capturedFrom);
    if (existing) return report({ ...base, ok: true, credentialId: existing.id, message: `Already saved: this page was captured before (${existing.app}).` });

    if (entry.kind === 'cocalc-legacy') {
      const parsed = parseCocalcLegacy(url);
      if (!parsed.ok) return report({ ...base, ok: false, message: parsed.error });
      const credential = await vault.add({
        provider: 'cocalc', serviceUrl: entry.serviceUrl, app: entry.app, secrets: { apiKey: parsed.value.apiKey },
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
      provider: 'octoeverywhere', serviceUrl: c.connectionUrl, app: entry.app, ...(c.basicUser ? { user: c.basicUser } : {}),
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

  function isFinishOf(url: string, returnUrl: string): boolean {
    try {
      const seen = new URL(url);
      const expected = new URL(returnUrl);
      return seen.origin === expected.origin && seen.pathname === expected.pathname && seen.search.length > 1;
    } catch {
      return false;
    }
  }

  /** A portal finish page KeyDeck did not start: on the configured portal's own complete page. */
  async function unstartedFinish(tabId: number): Promise<string | null> {
    const url = await deps.tabUrl(tabId);
    if (!url || (await watched())[tabId]) return null;
    const { portalUrl } = await deps.settings();
    return isFinishOf(url, `${portalUrl.replace(/\/+$/, '')}${PORTAL_COMPLETE_PATH}`) ? url : null;
  }

  return {
    async startPortal(app: string, printerId?: string): Promise<void> {
      const problem = checkAppName(app);
      if (problem) throw new KeyDeckError('invalid-input', problem);
      const { portalUrl, portalAppId } = await deps.settings();
      const { startUrl, returnUrl } = portalStartUrl(portalUrl, portalAppId, app.trim(), printerId?.trim() || undefined);
      const tabId = await deps.openTab(startUrl);
      await exclusive(() => watch(tabId, { kind: 'portal', returnUrl, serviceUrl: portalUrl, app: app.trim() }));
    },

    async startCocalcLegacy(): Promise<void> {
      const { cocalcUrl } = await deps.settings();
      const base = cocalcUrl.replace(/\/+$/, '');
      const tabId = await deps.openTab(`${base}/app?get_api_key=keydeck`);
      await exclusive(() => watch(tabId, { kind: 'cocalc-legacy', serviceUrl: base, app: 'KeyDeck' }));
    },

    /** Every URL change of every tab comes here; only watched tabs at their finish address are read. */
    onTabUrl: (tabId: number, url: string) =>
      exclusive(async () => {
        const entry = (await watched())[tabId];
        if (!entry) return;
        const finished = entry.kind === 'portal' ? isFinishOf(url, entry.returnUrl ?? '') : isCocalcHandOver(url);
        if (!finished) return;
        await unwatch(tabId);
        await store(url, entry);
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
    dismiss: (id: string) => exclusive(async () => session.set({ [RESULTS_KEY]: (await results()).filter((r) => r.id !== id) })),
  };
}

export type FinishCapture = ReturnType<typeof createFinishCapture>;
