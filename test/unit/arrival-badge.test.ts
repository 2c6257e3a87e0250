import type { Runtime } from 'webextension-polyfill';
import { describe, expect, test, vi } from 'vitest';
import { createArrivals, drawArrivals, keyDeckPageOpen, type ArrivalsState } from '../../src/background/arrival-badge';
import { POPUP_PORT, SEEN } from '../../src/shared/popup-port';

function memoryItem(initial: ArrivalsState = { seenAt: null, shown: false }) {
  let value = initial;
  return {
    get: async () => value,
    update: async (change: (state: ArrivalsState) => ArrivalsState) => (value = change(value)),
    now: () => value,
  };
}

function fakePort(name = POPUP_PORT, url = 'chrome-extension://keydeck/src/popup/index.html') {
  const posted: unknown[] = [];
  const port = { name, sender: { url }, postMessage: (message: unknown) => void posted.push(message) } as unknown as Runtime.Port;
  return { port, posted };
}

const ownPage = (sender?: Runtime.MessageSender) => sender?.url?.startsWith('chrome-extension://keydeck/') ?? false;

describe('keys that arrive while KeyDeck is closed', () => {
  test('first run: what is already stored is not news; keys created after the last visit are counted', async () => {
    let clock = 1_000;
    const keys = [{ createdAt: 500 }];
    const item = memoryItem();
    const arrivals = createArrivals({ item, listCredentials: async () => keys, pageOpen: async () => false, now: () => clock });
    expect(await arrivals.unseen()).toBe(0);
    expect(item.now().seenAt).toBe(1_000);
    clock = 2_000;
    keys.push({ createdAt: 1_500 }, { createdAt: 1_900 });
    expect(await arrivals.unseen()).toBe(2);
  });

  test('while a KeyDeck page is open nothing is counted, and what arrives then stays seen after it closed', async () => {
    let clock = 1_000;
    let open = true;
    const keys: { createdAt: number }[] = [];
    const item = memoryItem({ seenAt: 0, shown: false });
    const arrivals = createArrivals({ item, listCredentials: async () => keys, pageOpen: async () => open, now: () => clock });
    keys.push({ createdAt: 900 });
    expect(await arrivals.unseen()).toBe(0); // the popup is open: the user sees it
    open = false;
    clock = 2_000;
    expect(await arrivals.unseen()).toBe(0);
    keys.push({ createdAt: 1_500 });
    expect(await arrivals.unseen()).toBe(1);
  });

  test('a page that opens says so through a port: all seen, the badge redrawn, then the port is answered (to be let go)', async () => {
    const item = memoryItem({ seenAt: 0, shown: true });
    const arrivals = createArrivals({ item, listCredentials: async () => [{ createdAt: 10 }], pageOpen: async () => false, now: () => 50 });
    expect(await arrivals.unseen()).toBe(1);
    let redraws = 0;
    const { port, posted } = fakePort();
    arrivals.onConnect(port, ownPage, () => redraws++);
    await vi.waitFor(() => expect(posted).toEqual([SEEN]));
    expect(redraws).toBe(1);
    expect(await arrivals.unseen()).toBe(0);
  });

  test('a page that opens while the badge shows no arrivals is answered without a redraw (the badge is already right)', async () => {
    const item = memoryItem({ seenAt: 0, shown: false });
    const arrivals = createArrivals({ item, listCredentials: async () => [], pageOpen: async () => false, now: () => 50 });
    let redraws = 0;
    const { port, posted } = fakePort();
    arrivals.onConnect(port, ownPage, () => redraws++);
    await vi.waitFor(() => expect(posted).toEqual([SEEN]));
    expect(redraws).toBe(0);
    expect((await item.get()).seenAt).toBe(50);
  });

  test('a port of another name, or from a page that is not KeyDeck, changes nothing and gets no answer', async () => {
    const item = memoryItem({ seenAt: 0, shown: false });
    const arrivals = createArrivals({ item, listCredentials: async () => [{ createdAt: 10 }], pageOpen: async () => false, now: () => 50 });
    let redraws = 0;
    const other = fakePort('other');
    const foreign = fakePort(POPUP_PORT, 'http://octopi.local/');
    arrivals.onConnect(other.port, ownPage, () => redraws++);
    arrivals.onConnect(foreign.port, ownPage, () => redraws++);
    await new Promise((done) => setTimeout(done, 10));
    expect(redraws).toBe(0);
    expect([...other.posted, ...foreign.posted]).toEqual([]);
    expect(await arrivals.unseen()).toBe(1);
  });
});

describe('whether KeyDeck is in view', () => {
  const POPUP_URL = 'chrome-extension://keydeck/src/popup/index.html';
  const browserWith = (contexts: Array<{ contextType: string; documentUrl?: string; tabId?: number }> | undefined, activeTabs: number[] = []) =>
    ({
      runtime: {
        getURL: (path: string) => `chrome-extension://keydeck${path}`,
        ...(contexts ? { getContexts: async () => contexts } : {}),
      },
      tabs: { get: async (tabId: number) => ({ id: tabId, active: activeTabs.includes(tabId) }) },
    }) as never;

  test('the popup counts; a KeyDeck tab only while it is the active tab; other extension pages never', async () => {
    expect(await keyDeckPageOpen(browserWith([{ contextType: 'POPUP', documentUrl: POPUP_URL }]))).toBe(true);
    expect(await keyDeckPageOpen(browserWith([{ contextType: 'TAB', documentUrl: `${POPUP_URL}?view=farm`, tabId: 4 }], [4]))).toBe(true);
    expect(await keyDeckPageOpen(browserWith([{ contextType: 'TAB', documentUrl: `${POPUP_URL}?view=farm`, tabId: 4 }], [5]))).toBe(false);
    expect(await keyDeckPageOpen(browserWith([{ contextType: 'TAB', documentUrl: 'chrome-extension://keydeck/other.html', tabId: 5 }], [5]))).toBe(false);
    expect(await keyDeckPageOpen(browserWith([]))).toBe(false);
    expect(await keyDeckPageOpen(browserWith(undefined))).toBe(false);
  });
});

describe('the toolbar badge for arrivals', () => {
  function fakeAction() {
    const calls: unknown[] = [];
    const record = (name: string) => async (details: unknown) => void calls.push([name, details]);
    return {
      calls,
      browser: { action: { setBadgeText: record('text'), setBadgeBackgroundColor: record('color'), setTitle: record('title') } } as never,
    };
  }

  test('counts on the global badge and on tabs marked OP (whose own badge would hide it), titled', async () => {
    const { calls, browser } = fakeAction();
    await drawArrivals(browser, 2, async () => [7], (n) => `${n} new`);
    expect(calls).toContainEqual(['text', { text: '2' }]);
    expect(calls).toContainEqual(['text', { tabId: 7, text: '2' }]);
    expect(calls).toContainEqual(['title', { title: '2 new' }]);
  });

  test('0 puts the marked tabs back to OP and leaves the global badge to the expiry warning', async () => {
    const { calls, browser } = fakeAction();
    await drawArrivals(browser, 0, async () => [7, 9], () => 'unused');
    expect(calls).toEqual([
      ['text', { tabId: 7, text: 'OP' }],
      ['text', { tabId: 9, text: 'OP' }],
    ]);
  });

  test('draw() redraws only when there is something to show or to take back, and remembers which', async () => {
    const item = memoryItem({ seenAt: 0, shown: false });
    const arrivals = createArrivals({ item, listCredentials: async () => [], pageOpen: async () => false, now: () => 1 });
    const drawn: number[] = [];
    const draw = async (n: number) => void drawn.push(n);
    await arrivals.draw(0, draw);
    expect(drawn).toEqual([]);
    await arrivals.draw(3, draw);
    expect(item.now().shown).toBe(true);
    await arrivals.draw(0, draw);
    expect(item.now().shown).toBe(false);
    expect(drawn).toEqual([3, 0]);
  });
});
