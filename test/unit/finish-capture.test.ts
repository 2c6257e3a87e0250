import { testVault } from '../support/test-vault';
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, test } from 'vitest';
import { createFinishCapture } from '../../src/background/finish-capture';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { createStore, type StorageBackend } from '../../src/storage';

// Issue 9, finding 1: the tab KeyDeck opened for a hand-over stays watched only while it shows the
// hand-over's own origins, and for 15 minutes. Fake tab events and a fake clock; no network.
const PORTAL = 'http://127.0.0.1:8001';
const COCALC = 'http://localhost:8002';
const ELSEWHERE = 'http://127.0.0.1:9000';
const MINUTE = 60_000;
const KEY = 'K'.repeat(43);
const FORGED = `F0rg3d${'x'.repeat(37)}`; // a key of the right shape (43 url-safe characters)
const finish = (portal: string, key: string, url = 'https://app-abc.octoeverywhere.com') =>
  `${portal}/appportal/v1/complete?success=true&url=${encodeURIComponent(url)}&printername=Mini&octoPrintApiKey=${key}`;

function setup() {
  const store = createStore(fakeBrowser.storage as unknown as StorageBackend);
  const vault = testVault(store);
  let clock = 1_700_000_000_000;
  const opened: string[] = [];
  const closed: number[] = [];
  const shown = new Map<number, string>();
  const capture = createFinishCapture({
    items: store,
    vault,
    settings: async () => ({ ...DEFAULT_SETTINGS, portalUrl: PORTAL, cocalcUrl: COCALC }),
    openTab: async (url) => (opened.push(url), opened.length),
    closeTab: async (tabId) => void closed.push(tabId),
    tabUrl: async (tabId) => shown.get(tabId),
    scrubTab: async () => undefined,
    now: () => clock,
  });
  /** The browser's tabs.onUpdated for a new address. */
  const visit = (tabId: number, url: string) => {
    shown.set(tabId, url);
    return capture.onTabUrl(tabId, url);
  };
  return { capture, vault, store, opened, closed, visit, advance: (ms: number) => void (clock += ms) };
}

beforeEach(() => fakeBrowser.reset());

describe('a portal hand-over', () => {
  test('its own pages, then the finish page reached from them: captured, and the tab closed', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.visit(1, t.opened[0]!);
    await t.visit(1, `${PORTAL}/login?next=%2Fappportal%2Fv1`); // the portal's own sign-in
    await t.visit(1, `${PORTAL}/appportal/v1?appId=devtest`);
    t.advance(14 * MINUTE);
    await t.visit(1, finish(PORTAL, KEY));
    expect((await t.vault.all()).map((c) => [c.app, c.secrets.apiKey])).toEqual([['OctoApp', KEY]]);
    expect(t.closed).toEqual([1]);
    expect((await t.capture.results())[0]?.message).toMatch(/^Saved the OctoEverywhere connection for OctoApp/);
  });

  test('browsing elsewhere in that tab ends the watch: the real finish address then saves nothing', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.visit(1, t.opened[0]!);
    await t.visit(1, `${ELSEWHERE}/news`);
    await t.visit(1, `${PORTAL}/appportal/v1`); // back on the portal: still over
    await t.visit(1, finish(PORTAL, FORGED, 'https://app-f0rg3d.octoeverywhere.com'));
    expect(await t.vault.all()).toEqual([]);
    expect(await t.capture.results()).toEqual([]);
    expect(t.closed).toEqual([]);
    // Only offered, as a finish page KeyDeck did not start; saved when the user confirms.
    expect(await t.capture.offer(1)).toBe(true);
    const confirmed = await t.capture.confirm(1);
    expect(confirmed.ok).toBe(true);
    expect((await t.vault.all()).map((c) => c.secrets.apiKey)).toEqual([FORGED]);
  });

  test('after 15 minutes the watch has expired: nothing is saved, the page is only offered', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.visit(1, t.opened[0]!);
    t.advance(15 * MINUTE);
    await t.visit(1, finish(PORTAL, FORGED));
    expect(await t.vault.all()).toEqual([]);
    expect(t.closed).toEqual([]);
    expect(await t.capture.offer(1)).toBe(true);
  });

  test('an expired watch is dropped by the tab listener, whichever tab moved', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.capture.startPortal('Other app');
    expect(Object.keys(await t.store.captureTabs.get())).toEqual(['1', '2']);
    t.advance(16 * MINUTE);
    await t.visit(7, `${ELSEWHERE}/`);
    expect(await t.store.captureTabs.get()).toEqual({});
  });

  test('a blank page and the portal’s other pages keep the watch; another port is another origin', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.visit(1, 'about:blank');
    await t.visit(1, t.opened[0]!);
    await t.visit(1, `${PORTAL}/appportal/v1/complete`); // no query: not a finish page
    expect(Object.keys(await t.store.captureTabs.get())).toEqual(['1']);
    await t.visit(1, 'http://127.0.0.1:8003/appportal/v1');
    expect(await t.store.captureTabs.get()).toEqual({});
  });
});

describe('a CoCalc legacy hand-over', () => {
  const handOver = (key: string) => `https://authenticated?api_key=${key}`;

  test('sign-in on the CoCalc server, then its hand-over: captured', async () => {
    const t = setup();
    await t.capture.startCocalcLegacy();
    expect(t.opened).toEqual([`${COCALC}/app?get_api_key=keydeck`]);
    await t.visit(1, t.opened[0]!);
    await t.visit(1, `${COCALC}/app/sign-in`);
    await t.visit(1, handOver('sk_abcDEF0123456789'));
    expect((await t.vault.all()).map((c) => [c.provider, c.secrets.apiKey])).toEqual([['cocalc', 'sk_abcDEF0123456789']]);
    expect(t.closed).toEqual([1]);
  });

  test('browsing elsewhere first: a hand-over to https://authenticated saves nothing', async () => {
    const t = setup();
    await t.capture.startCocalcLegacy();
    await t.visit(1, t.opened[0]!);
    await t.visit(1, `${ELSEWHERE}/cocalc/handover`);
    await t.visit(1, handOver('sk_F0rg3dabc0123456'));
    expect(await t.vault.all()).toEqual([]);
    expect(await t.capture.results()).toEqual([]);
    expect(t.closed).toEqual([]);
  });

  test('after 15 minutes: a hand-over saves nothing', async () => {
    const t = setup();
    await t.capture.startCocalcLegacy();
    await t.visit(1, t.opened[0]!);
    t.advance(20 * MINUTE);
    await t.visit(1, handOver('sk_F0rg3dabc0123456'));
    expect(await t.vault.all()).toEqual([]);
  });
});
