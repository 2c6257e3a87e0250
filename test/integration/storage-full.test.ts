// A key that arrives while KeyDeck's storage is full is never silently lost (issue 9, finding 6):
// the user reads "KeyDeck's storage is full" with what to do, and still has the key. (The OctoPrint
// flow's own case is in octoprint-unsaved-key.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFinishCapture } from '../../src/background/finish-capture';
import { testVault } from '../support/test-vault';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { createStore } from '../../src/storage';
import { createManualClock, startCocalcSim } from '../sim/cocalc/index';
import { startPortalSim, type PortalSim } from '../sim/portal/index';
import { formAction, get, inputValue, postForm } from '../sim/portal/testkit';
import { createAccountRig } from './support/account-rig';
import { createMemoryStorage, memoryBackend } from './support/memory-storage';
import { noTabEffects } from '../support/tab-effects';

/** chrome.storage.local without unlimitedStorage; other data has used it up. */
const QUOTA_BYTES = 10_485_760;
const fullLocal = () => createMemoryStorage({ other: 'x'.repeat(QUOTA_BYTES - 20) }, { quotaBytes: QUOTA_BYTES });

describe('an account key created while storage is full', () => {
  it('comes back to the popup unsaved, with the reason, and it is the key the server made', async () => {
    const clock = createManualClock();
    const sim = await startCocalcSim({ clock });
    try {
      const rig = createAccountRig({ now: clock.now });
      rig.jar.seed(sim.url, sim.sessionCookieFor('alice'));
      rig.storage.failWrites('local', 'Resource::kQuotaBytes quota exceeded'); // what Chromium 156 says
      const answer = await rig.send('account.create', { provider: 'cocalc', serverUrl: sim.url, app: 'Full Disk' });
      if (!('unsaved' in answer)) throw new Error('expected the key back unsaved');
      expect(answer.unsaved.reason).toMatch(/^KeyDeck’s storage is full: delete keys you no longer use to make room\.$/);
      const [row] = sim.keys();
      expect(answer.unsaved.apiKey).toBe(row?.secret);
      expect(rig.storage.raw('local').vault).toBeUndefined();
    } finally {
      await sim.close();
    }
  });
});

describe('a finish page captured while storage is full', () => {
  let sim: PortalSim;
  beforeAll(async () => {
    sim = await startPortalSim({ cocalcDelayMs: 0 });
    sim.configure({ outcome: 'success', paramCase: 'camel' });
  });
  afterAll(() => sim.close());

  it('says so and keeps the key for Copy and Reveal until dismissed; once there is room a new hand-over saves', async () => {
    const local = fullLocal();
    const session = createMemoryStorage();
    const store = createStore(memoryBackend(local, session));
    const vault = testVault(store);
    const opened: string[] = [];
    const closed: number[] = [];
    const capture = createFinishCapture({
      items: store,
      vault,
      settings: async () => ({ ...DEFAULT_SETTINGS, portalUrl: sim.url, cocalcUrl: sim.url }),
      openTab: async (url) => (opened.push(url), opened.length),
      closeTab: async (tabId) => void closed.push(tabId),
      tabUrl: async () => undefined,
      ...noTabEffects,
    });
    /** The portal's sign-in form in tab `tabId`, answered with the finish redirect (a request the portal started). */
    const handOver = async (tabId: number) => {
      await capture.onTabUrl(tabId, opened[tabId - 1]!);
      const start = await get(opened[tabId - 1]!);
      const finish = await postForm(new URL(formAction(start.body) ?? '', sim.url).href, { session: inputValue(start.body, 'session') ?? '' });
      await capture.onRequest(tabId, finish.location ?? '', new URL(sim.url).origin);
      return sim.lastFinish!.issued.octoPrintApiKey;
    };

    await capture.startPortal('OctoApp');
    const issued = await handOver(1);
    const [result] = await capture.results();
    expect(result).toMatchObject({ ok: false, unsavedKey: true, message: expect.stringMatching(/^KeyDeck’s storage is full.*The key is NOT saved: copy it or reveal it now.*start the hand-over again/) });
    expect(closed).toEqual([]);
    expect(await vault.list()).toEqual([]);
    // The popup's Copy and Reveal get it (handlers: capture.copyUnsavedKey / capture.revealUnsavedKey).
    await expect(capture.unsavedKey(result!.id)).resolves.toBe(issued);

    // The user deletes what they no longer need, and starts again: saved.
    await local.remove('other');
    await capture.startPortal('OctoApp');
    const second = await handOver(2);
    expect((await vault.all()).map((c) => c.secrets.apiKey)).toEqual([second]);
    expect(closed).toEqual([2]);
    // Dismissed, the unsaved copy leaves storage.session.
    await capture.dismiss(result!.id);
    await expect(capture.unsavedKey(result!.id)).rejects.toMatchObject({ code: 'not-found' });
    expect(JSON.stringify(await session.get(['capture.unsaved', 'capture.results']))).not.toContain(issued);
  });

  it('CoCalc’s hand-over: the key is kept for Copy and Reveal, and the popup is told', async () => {
    const session = createMemoryStorage();
    const store = createStore(memoryBackend(fullLocal(), session));
    const opened: string[] = [];
    const capture = createFinishCapture({
      items: store,
      vault: testVault(store),
      settings: async () => ({ ...DEFAULT_SETTINGS, cocalcUrl: sim.url }),
      openTab: async (url) => (opened.push(url), opened.length),
      closeTab: async () => undefined,
      tabUrl: async () => undefined,
      ...noTabEffects,
    });
    await capture.startCocalcLegacy();
    await capture.onTabUrl(1, opened[0]!);
    const KEY = 'sk_abcDEF0123456789';
    await capture.onRequest(1, `https://authenticated/?api_key=${KEY}`, new URL(sim.url).origin);
    const [result] = await capture.results();
    expect(result).toMatchObject({ ok: false, unsavedKey: true, provider: 'cocalc', message: expect.stringContaining('The key is NOT saved') });
    await expect(capture.unsavedKey(result!.id)).resolves.toBe(KEY);
  });
});
