import type { Runtime } from 'webextension-polyfill';
import { describe, expect, test } from 'vitest';
import { createArrivals, drawArrivals, type ArrivalsState } from '../../src/background/arrival-badge';
import { POPUP_PORT } from '../../src/shared/popup-port';

function memoryItem(initial: ArrivalsState = { seenAt: null, shown: false }) {
  let value = initial;
  return {
    get: async () => value,
    update: async (change: (state: ArrivalsState) => ArrivalsState) => (value = change(value)),
    now: () => value,
  };
}

function fakePort(name = POPUP_PORT, url = 'chrome-extension://keydeck/src/popup/index.html') {
  const listeners: Array<() => void> = [];
  const port = { name, sender: { url }, onDisconnect: { addListener: (fn: () => void) => listeners.push(fn) } } as unknown as Runtime.Port;
  return { port, disconnect: () => listeners.forEach((fn) => fn()) };
}

const ownPage = (sender?: Runtime.MessageSender) => sender?.url?.startsWith('chrome-extension://keydeck/') ?? false;
const settle = () => new Promise((done) => setTimeout(done, 0));

describe('keys that arrive while KeyDeck is closed', () => {
  test('first run: what is already stored is not news; keys created after the last visit are counted', async () => {
    let clock = 1_000;
    const keys = [{ createdAt: 500 }];
    const item = memoryItem();
    const arrivals = createArrivals({ item, listCredentials: async () => keys, now: () => clock });
    expect(await arrivals.unseen()).toBe(0);
    expect(item.now().seenAt).toBe(1_000);
    clock = 2_000;
    keys.push({ createdAt: 1_500 }, { createdAt: 1_900 });
    expect(await arrivals.unseen()).toBe(2);
  });

  test('while a KeyDeck page is open nothing is counted; opening and closing it mark everything seen', async () => {
    let clock = 1_000;
    const keys: { createdAt: number }[] = [];
    const item = memoryItem({ seenAt: 0, shown: true });
    const arrivals = createArrivals({ item, listCredentials: async () => keys, now: () => clock });
    keys.push({ createdAt: 900 });
    expect(await arrivals.unseen()).toBe(1);

    let redraws = 0;
    const { port, disconnect } = fakePort();
    arrivals.onConnect(port, ownPage, () => redraws++);
    await settle();
    expect(redraws).toBe(1);
    expect(await arrivals.unseen()).toBe(0);
    clock = 2_000;
    keys.push({ createdAt: 1_500 }); // arrives while the popup is open: seen
    expect(await arrivals.unseen()).toBe(0);
    clock = 3_000;
    disconnect();
    await settle();
    expect(redraws).toBe(2);
    expect(await arrivals.unseen()).toBe(0);
    keys.push({ createdAt: 3_500 });
    expect(await arrivals.unseen()).toBe(1);
  });

  test('a port of another name, or from a page that is not KeyDeck, changes nothing', async () => {
    const item = memoryItem({ seenAt: 0, shown: false });
    const arrivals = createArrivals({ item, listCredentials: async () => [{ createdAt: 10 }], now: () => 50 });
    let redraws = 0;
    arrivals.onConnect(fakePort('other').port, ownPage, () => redraws++);
    arrivals.onConnect(fakePort(POPUP_PORT, 'http://octopi.local/').port, ownPage, () => redraws++);
    await settle();
    expect(redraws).toBe(0);
    expect(await arrivals.unseen()).toBe(1);
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
    const arrivals = createArrivals({ item, listCredentials: async () => [], now: () => 1 });
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
