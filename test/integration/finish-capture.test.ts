// Finish-page capture (src/background/finish-capture.ts) against the portal simulator over real HTTP
// on 127.0.0.1: the tab's addresses and top-level requests are the ones a browser would report while
// following the simulator's pages (issue 9, finding 1: a finish address is captured only from a
// request the hand-over's own origin started, in a tab that stayed on its origins).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testVault } from '../support/test-vault';
import { createFinishCapture } from '../../src/background/finish-capture';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { createStore } from '../../src/storage';
import { startHostileSim, startPortalSim, type HostileSim, type PortalSim } from '../sim/portal/index';
import { formAction, get, inputValue, postForm } from '../sim/portal/testkit';
import { createMemoryStorage, memoryBackend } from './support/memory-storage';
import { noTabEffects } from '../support/tab-effects';

let sim: PortalSim;
let hostile: HostileSim;
beforeAll(async () => {
  sim = await startPortalSim({ cocalcDelayMs: 0 });
  hostile = await startHostileSim({ portalOrigin: sim.url });
});
afterAll(() => Promise.all([sim.close(), hostile.close()]).then(() => undefined));
beforeEach(() => sim.configure({ outcome: 'success', paramCase: 'camel', keyFormat: 'urlsafe43', overrides: {}, extraParams: [], cocalcDelivery: 'redirect' }));

function rig() {
  const store = createStore(memoryBackend(createMemoryStorage(), createMemoryStorage()));
  const vault = testVault(store);
  const opened: string[] = [];
  const closed: number[] = [];
  const shown = new Map<number, string>();
  const capture = createFinishCapture({
    items: store,
    vault,
    settings: async () => ({ ...DEFAULT_SETTINGS, portalUrl: sim.url, cocalcUrl: sim.url }),
    openTab: async (url) => (opened.push(url), opened.length),
    closeTab: async (tabId) => void closed.push(tabId),
    tabUrl: async (tabId) => shown.get(tabId),
    ...noTabEffects,
  });
  /** The tab (id 1, the first KeyDeck opened) now shows `url`: the browser's tabs.onUpdated. */
  const show = (url: string) => (shown.set(1, url), capture.onTabUrl(1, url));
  /** A top-level request in that tab, started by a page of `from` (webRequest.onBeforeRequest). */
  const request = (url: string, from: string) => capture.onRequest(1, url, new URL(from).origin);
  return { capture, vault, opened, closed, show, request };
}

/** What the tab does when the user clicks Sign in on the portal page it shows: the finish redirect. */
async function portalSignIn(startUrl: string): Promise<string> {
  const start = await get(startUrl);
  const finish = await postForm(new URL(formAction(start.body) ?? '', sim.url).href, { session: inputValue(start.body, 'session') ?? '' });
  return finish.location ?? '';
}

/** The same on CoCalc's sign-in page (302 delivery): the hand-over address. */
async function cocalcSignIn(pageUrl: string): Promise<string> {
  const page = await get(pageUrl);
  return (await postForm(new URL(formAction(page.body) ?? '', sim.url).href, { get_api_key: 'keydeck' })).location ?? '';
}

describe('OctoEverywhere App Portal', () => {
  it('start page → sign-in → the portal’s finish redirect: the connection is saved, the tab closed', async () => {
    const t = rig();
    await t.capture.startPortal('OctoApp');
    await t.show(t.opened[0]!);
    await t.request(await portalSignIn(t.opened[0]!), sim.url); // the portal's form, answered with the finish redirect
    const issued = sim.lastFinish!.issued;
    expect((await t.vault.all()).map((c) => [c.app, c.secrets.apiKey, c.secrets.connectionUrl])).toEqual([['OctoApp', issued.octoPrintApiKey, issued.url]]);
    expect(t.closed).toEqual([1]);
  });

  it('after browsing elsewhere in that tab, a page sending it to the real finish address saves nothing', async () => {
    const t = rig();
    await t.capture.startPortal('OctoApp');
    await t.show(t.opened[0]!);
    await t.show(hostile.url('form-get-portal')); // the user browses on; this page submits itself to the portal
    const forged = new URL((await get(hostile.url('redirect-to-portal'))).location ?? ''); // the forged finish query, on the portal
    expect([forged.origin + forged.pathname, forged.searchParams.get('octoPrintApiKey')]).toEqual([sim.completeUrl, hostile.forged.octoPrintApiKey]);
    await t.request(forged.href, hostile.origin); // that page's form starts the navigation
    await t.show(forged.href); // the watch (and its rule) ended: the page loads
    expect(await t.vault.list()).toEqual([]);
    expect(await t.capture.results()).toEqual([]);
    expect(t.closed).toEqual([]);
    expect(await t.capture.offer(1)).toBe(true); // only offered, as a finish page KeyDeck did not start
  });

  it('a page KeyDeck cannot see (no address reported) sending the tab to the real finish address saves nothing', async () => {
    const t = rig();
    await t.capture.startPortal('OctoApp');
    await t.show(t.opened[0]!);
    const forged = (await get(hostile.url('redirect-to-portal'))).location ?? '';
    await t.request(forged, hostile.origin);
    expect(await t.vault.list()).toEqual([]);
    // Over: the portal's own finish afterwards is not captured in that tab either.
    await t.request(await portalSignIn(t.opened[0]!), sim.url);
    expect(await t.vault.list()).toEqual([]);
  });
});

describe('CoCalc legacy hand-over', () => {
  it('sign-in page → https://authenticated?api_key=…: the key is saved', async () => {
    const t = rig();
    await t.capture.startCocalcLegacy();
    await t.show(t.opened[0]!);
    await t.request(await cocalcSignIn(t.opened[0]!), sim.url);
    expect((await t.vault.all()).map((c) => [c.provider, c.secrets.apiKey])).toEqual([['cocalc', sim.lastCocalcKey]]);
    expect(t.closed).toEqual([1]);
  });

  it('after browsing elsewhere in that tab, a page’s hand-over to https://authenticated saves nothing', async () => {
    const t = rig();
    await t.capture.startCocalcLegacy();
    await t.show(t.opened[0]!);
    await t.show(hostile.url('cocalc-handover-script'));
    await t.request(`https://authenticated/?api_key=${hostile.forged.cocalcKey}`, hostile.origin);
    expect(await t.vault.list()).toEqual([]);
    expect(await t.capture.results()).toEqual([]);
    expect(t.closed).toEqual([]);
  });
});
