import { testVault } from '../support/test-vault';
import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createFinishCapture } from '../../src/background/finish-capture';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { createStore, type StorageBackend } from '../../src/storage';

// Issue 9, findings 1 and 5: a finish address is captured from its request (before it loads), only
// when the hand-over's own origin started the navigation, in the tab KeyDeck opened, within 15
// minutes; anything else ends the watch. Fake browser events and a fake clock; no network.
const PORTAL = 'http://127.0.0.1:8001';
const COCALC = 'http://localhost:8002';
const ELSEWHERE = 'http://127.0.0.1:9000';
const MINUTE = 60_000;
const KEY = 'K'.repeat(43);
const FORGED = `F0rg3d${'x'.repeat(37)}`; // a key of the right shape (43 url-safe characters)
const finish = (portal: string, key: string, url = 'https://app-abc.octoeverywhere.com') =>
  `${portal}/appportal/v1/complete?success=true&url=${encodeURIComponent(url)}&printername=Mini&octoPrintApiKey=${key}`;

// Capture readies the vault without waiting (a keyring made then); a test ends only once that settled,
// or the next test's fresh storage would receive this test's keyring.
const readying: Promise<unknown>[] = [];
afterEach(async () => void (await Promise.allSettled(readying.splice(0))));

function setup({ blockFails = false } = {}) {
  const store = createStore(fakeBrowser.storage as unknown as StorageBackend);
  const vault = testVault(store);
  const prepare = vault.prepare;
  vault.prepare = () => {
    const ready = prepare();
    readying.push(ready);
    return ready;
  };
  let clock = 1_700_000_000_000;
  const opened: string[] = [];
  const closed: number[] = [];
  const forgotten: string[] = [];
  const rules = new Map<number, string>(); // tab → the watch's kind, while its blocking rule is in place
  const shown = new Map<number, string>();
  const capture = createFinishCapture({
    items: store,
    vault,
    settings: async () => ({ ...DEFAULT_SETTINGS, portalUrl: PORTAL, cocalcUrl: COCALC }),
    openTab: async (url) => (opened.push(url), opened.length),
    closeTab: async (tabId) => void closed.push(tabId),
    tabUrl: async (tabId) => shown.get(tabId),
    scrubTab: async () => undefined,
    block: async (tabId, entry) => {
      if (blockFails) throw new Error('no rule');
      rules.set(tabId, entry.kind);
    },
    unblock: async (tabId) => void rules.delete(tabId),
    forgetUrl: async (url) => void forgotten.push(url),
    now: () => clock,
  });
  /** tabs.onUpdated: the tab now shows `url` (undefined: an address the browser hides from KeyDeck). */
  const show = (tabId: number, url: string | undefined) => {
    if (url) shown.set(tabId, url);
    return capture.onTabUrl(tabId, url);
  };
  /** webRequest.onBeforeRequest: a top-level request, and the origin that started its navigation. */
  const request = (tabId: number, url: string, initiator?: string) => capture.onRequest(tabId, url, initiator);
  /** A page of the tab navigates it: the request, then (unless it is a blocked finish address) the page. */
  const navigate = async (tabId: number, url: string, initiator?: string) => {
    await request(tabId, url, initiator);
    await show(tabId, url);
  };
  const watching = async () => Object.keys(await store.captureTabs.get()).map(Number);
  return { capture, vault, store, opened, closed, forgotten, rules, show, request, navigate, watching, advance: (ms: number) => void (clock += ms) };
}

beforeEach(() => fakeBrowser.reset());

describe('a portal hand-over', () => {
  test('the finish address requested by a portal page is captured before it loads; the tab closes; nothing is left behind', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    expect(t.rules).toEqual(new Map([[1, 'portal']])); // blocked from the start
    await t.navigate(1, t.opened[0]!);
    await t.navigate(1, `${PORTAL}/login?next=%2Fappportal%2Fv1`, PORTAL); // the portal's own sign-in
    await t.navigate(1, `${PORTAL}/appportal/v1?appId=devtest`, PORTAL);
    t.advance(14 * MINUTE);
    await t.request(1, finish(PORTAL, KEY), PORTAL);
    expect((await t.vault.all()).map((c) => [c.app, c.secrets.apiKey])).toEqual([['OctoApp', KEY]]);
    expect((await t.capture.results())[0]?.message).toMatch(/^Saved the OctoEverywhere connection for OctoApp/);
    expect(t.closed).toEqual([1]);
    expect(t.rules.size).toBe(0);
    expect(t.forgotten).toEqual([finish(PORTAL, KEY)]);
    expect(await t.watching()).toEqual([]);
  });

  test('the portal reached over https (an HTTPS-only mode) is the portal too', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.request(1, finish(PORTAL, KEY), 'https://127.0.0.1:8001');
    expect((await t.vault.all()).map((c) => c.secrets.apiKey)).toEqual([KEY]);
  });

  test('the real finish address requested by a page of another origin in that tab: nothing saved, the watch ends', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.navigate(1, t.opened[0]!);
    await t.request(1, finish(PORTAL, FORGED), ELSEWHERE);
    expect(await t.vault.list()).toEqual([]);
    expect(await t.capture.results()).toEqual([]);
    expect(t.closed).toEqual([]);
    expect(t.rules.size).toBe(0);
    // Over for good: the portal's own finish afterwards is not captured either.
    await t.request(1, finish(PORTAL, KEY), PORTAL);
    expect(await t.vault.list()).toEqual([]);
  });

  test('typed, bookmarked or from a hidden origin (no initiator): nothing saved, the watch ends', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.navigate(1, t.opened[0]!);
    await t.request(1, finish(PORTAL, FORGED));
    expect(await t.vault.list()).toEqual([]);
    expect(await t.watching()).toEqual([]);
  });

  test('browsing elsewhere ends the watch, whether the browser shows that site to KeyDeck or hides it', async () => {
    for (const elsewhere of [`${ELSEWHERE}/news`, undefined]) {
      fakeBrowser.reset();
      const t = setup();
      await t.capture.startPortal('OctoApp');
      await t.navigate(1, t.opened[0]!);
      await t.show(1, elsewhere);
      expect(await t.watching()).toEqual([]);
      expect(t.rules.size).toBe(0);
      await t.navigate(1, `${PORTAL}/appportal/v1`, PORTAL); // back on the portal: still over
      await t.request(1, finish(PORTAL, FORGED, 'https://app-f0rg3d.octoeverywhere.com'), PORTAL);
      expect(await t.vault.list()).toEqual([]);
    }
  });

  test('a top-level request to another origin ends the watch before that page shows', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.request(1, `${ELSEWHERE}/`, PORTAL);
    expect(await t.watching()).toEqual([]);
  });

  test('a finish address the tab shows without KeyDeck having seen its request is not captured, only offered', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.navigate(1, t.opened[0]!);
    await t.show(1, finish(PORTAL, FORGED));
    expect(await t.vault.list()).toEqual([]);
    expect(await t.watching()).toEqual([]);
    // Only offered, as a finish page KeyDeck did not start; saved when the user confirms, and its history entry removed.
    expect(await t.capture.offer(1)).toBe(true);
    expect((await t.capture.confirm(1)).ok).toBe(true);
    expect((await t.vault.all()).map((c) => c.secrets.apiKey)).toEqual([FORGED]);
    expect(t.forgotten).toEqual([finish(PORTAL, FORGED)]);
  });

  test('after 15 minutes the watch has expired: even the portal’s own finish saves nothing, and the page is only offered', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.navigate(1, t.opened[0]!);
    t.advance(15 * MINUTE);
    await t.request(1, finish(PORTAL, KEY), PORTAL);
    expect(await t.vault.list()).toEqual([]);
    expect(t.closed).toEqual([]);
    expect(t.rules.size).toBe(0);
    await t.show(1, finish(PORTAL, KEY));
    expect(await t.capture.offer(1)).toBe(true);
  });

  test('a clock set back fails closed', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    t.advance(-MINUTE);
    await t.request(1, finish(PORTAL, KEY), PORTAL);
    expect(await t.vault.list()).toEqual([]);
  });

  test('expired watches are dropped with their rules by any event, whichever tab moved', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.capture.startPortal('Other app');
    expect(await t.watching()).toEqual([1, 2]);
    t.advance(16 * MINUTE);
    await t.request(7, `${ELSEWHERE}/`);
    expect(await t.watching()).toEqual([]);
    expect(t.rules.size).toBe(0);
  });

  test('a blank page and the portal’s other pages keep the watch; another port is another origin', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.show(1, 'about:blank');
    await t.navigate(1, t.opened[0]!);
    await t.navigate(1, `${PORTAL}/appportal/v1/complete`, PORTAL); // no query: not a finish address
    expect(await t.watching()).toEqual([1]);
    await t.request(1, finish('http://127.0.0.1:8003', KEY), 'http://127.0.0.1:8003');
    expect(await t.watching()).toEqual([]);
    expect(await t.vault.list()).toEqual([]);
  });

  test('no watch without its rule: when the rule cannot be set, the start fails and nothing is captured', async () => {
    const t = setup({ blockFails: true });
    await expect(t.capture.startPortal('OctoApp')).rejects.toThrow();
    await t.request(1, finish(PORTAL, KEY), PORTAL);
    expect(await t.vault.list()).toEqual([]);
    expect(await t.watching()).toEqual([]);
  });

  test('a closed tab’s watch and rule go', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.capture.onTabClosed(1);
    expect(await t.watching()).toEqual([]);
    expect(t.rules.size).toBe(0);
  });

  test('another tab’s requests never touch the watch', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await t.request(2, finish(PORTAL, FORGED), PORTAL);
    await t.show(2, undefined);
    expect(await t.vault.list()).toEqual([]);
    expect(await t.watching()).toEqual([1]);
  });
});

describe('a CoCalc legacy hand-over', () => {
  const handOver = (key: string) => `https://authenticated/?api_key=${key}`;

  test('the hand-over started by a CoCalc page: captured, the tab closed', async () => {
    const t = setup();
    await t.capture.startCocalcLegacy();
    expect(t.opened).toEqual([`${COCALC}/app?get_api_key=keydeck`]);
    expect(t.rules).toEqual(new Map([[1, 'cocalc-legacy']]));
    await t.navigate(1, t.opened[0]!);
    await t.navigate(1, `${COCALC}/app/sign-in`, COCALC);
    await t.request(1, handOver('sk_abcDEF0123456789'), COCALC);
    expect((await t.vault.all()).map((c) => [c.provider, c.secrets.apiKey])).toEqual([['cocalc', 'sk_abcDEF0123456789']]);
    expect(t.closed).toEqual([1]);
    expect(t.rules.size).toBe(0);
  });

  test('the hand-over address requested by a page of another origin, or typed: nothing saved', async () => {
    for (const initiator of [ELSEWHERE, undefined, 'https://authenticated']) {
      fakeBrowser.reset();
      const t = setup();
      await t.capture.startCocalcLegacy();
      await t.navigate(1, t.opened[0]!);
      await t.request(1, handOver('sk_F0rg3dabc0123456'), initiator);
      expect(await t.vault.list()).toEqual([]);
      expect(await t.capture.results()).toEqual([]);
      expect(t.closed).toEqual([]);
      expect(await t.watching()).toEqual([]);
    }
  });

  test('after 15 minutes: a hand-over saves nothing', async () => {
    const t = setup();
    await t.capture.startCocalcLegacy();
    await t.navigate(1, t.opened[0]!);
    t.advance(20 * MINUTE);
    await t.request(1, handOver('sk_F0rg3dabc0123456'), COCALC);
    expect(await t.vault.list()).toEqual([]);
  });
});
