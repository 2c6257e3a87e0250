import { fakeBrowser } from '@webext-core/fake-browser';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createFinishCapture } from '../../src/background/finish-capture';
import { createKeepAwake } from '../../src/background/keep-awake';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { createStore, type StorageBackend } from '../../src/storage';
import { testVault } from '../support/test-vault';
import { noTabEffects } from '../support/tab-effects';

// Chrome stops a worker after 30 s without an event or an extension API call; a stopped worker makes
// the finish capture wait for a new one to start. While a hand-over is watched (≤ 15 min) KeyDeck
// keeps it running, and lets it go once nothing is watched. Fake timers and clock; no network.
const PORTAL = 'http://127.0.0.1:8001';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const IDLE_LIMIT = 30 * SECOND; // Chrome's

function setup() {
  const store = createStore(fakeBrowser.storage as unknown as StorageBackend);
  const pings: number[] = [];
  /** One worker's capture service; its API calls are recorded in `into`. */
  const make = (into = pings) =>
    createFinishCapture({
      items: store,
      vault: testVault(store),
      settings: async () => ({ ...DEFAULT_SETTINGS, portalUrl: PORTAL }),
      openTab: async () => 1,
      closeTab: async () => undefined,
      tabUrl: async () => undefined,
      ...noTabEffects,
      keepAwake: createKeepAwake({ ping: async () => into.push(Date.now()) }).until,
    });
  /** The longest stretch without an API call between `from` and `to`, counting both ends. */
  const longestQuiet = (from: number, to: number, calls = pings) => {
    const marks = [from, ...calls.filter((at) => at > from && at < to), to];
    return Math.max(...marks.slice(1).map((at, i) => at - marks[i]!));
  };
  return { capture: make(), make, pings, longestQuiet };
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => vi.useRealTimers());

describe('keeping the worker awake during a hand-over', () => {
  test('from the start of a hand-over the worker never sits 30 s without an API call; once its tab closes, it may idle', async () => {
    const t = setup();
    const start = Date.now();
    await t.capture.startPortal('OctoApp');
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(t.longestQuiet(start, Date.now())).toBeLessThan(IDLE_LIMIT);
    await t.capture.onTabClosed(1);
    const count = t.pings.length;
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(t.pings.length).toBe(count);
  });

  test('a watch nobody ends still lets the worker idle once it expires (15 minutes), with no event at all', async () => {
    const t = setup();
    const start = Date.now();
    await t.capture.startPortal('OctoApp');
    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    expect(t.longestQuiet(start, Date.now())).toBeLessThan(IDLE_LIMIT);
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(t.pings.length).toBeGreaterThan(0);
    expect(Math.max(...t.pings)).toBeLessThanOrEqual(start + 15 * MINUTE);
  });

  test('a worker started again during a hand-over keeps itself awake from the portal’s next request', async () => {
    const t = setup();
    await t.capture.startPortal('OctoApp');
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    const calls: number[] = [];
    const restarted = t.make(calls); // a new worker: the watch is only in storage.session
    const woke = Date.now();
    await restarted.onRequest(1, `${PORTAL}/appportal/v1?appId=devtest`, PORTAL);
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(calls.length).toBeGreaterThan(0);
    expect(t.longestQuiet(woke, Date.now(), calls)).toBeLessThan(IDLE_LIMIT);
  });
});
