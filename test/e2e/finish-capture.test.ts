import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHostileSim, startPortalSim, type HostileSim, type PortalSim } from '../sim/portal';
import { BROWSERS, useDriver, type Tab } from './driver';
import { Popup } from './pages/popup';
import { connectThroughPortal as connectThroughPortalIn, handOverTab as handOver, watchedTabs as watchedTabsOf } from './support/hand-over';
import { openVault } from './support/open-vault';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

type Held = { app: string; provider: string; secrets: Record<string, string>; details?: Record<string, string> };

// Finish-page capture in both browsers: the OctoEverywhere-like portal and CoCalc's legacy hand-over,
// both from tabs KeyDeck opened; and hostile pages on another origin, which must capture nothing.
describe.each(BROWSERS)('%s', (browser) => {
  // CoCalc hands the key to https://authenticated, which must not resolve (nor be looked up) here.
  // attacker.test is a site of its own on loopback, which the test build has no access to: the
  // browser hides its pages' addresses from KeyDeck, as it does any site the user never granted.
  const driver = useDriver(browser, { unresolvableHosts: ['authenticated'], loopbackHosts: ['attacker.test'] });
  let portal: PortalSim;
  let hostile: HostileSim;
  let popup: Popup;

  beforeAll(async () => {
    portal = await startPortalSim({ cocalcDelayMs: 0 });
    hostile = await startHostileSim({ portalOrigin: portal.url });
    popup = await Popup.open(driver());
    const reply = await popup.tab.evaluate(
      (url) => chrome.runtime.sendMessage({ type: 'settings.update', payload: { portalUrl: url, cocalcUrl: url } }),
      portal.url,
    );
    expect(reply.ok).toBe(true);
    // Every address the browser adds to its history from now on, even one removed again later.
    await driver().extension(() => {
      (globalThis as any).visited = [];
      chrome.history.onVisited.addListener((item: { url: string }) => (globalThis as any).visited.push(item.url));
    });
  });
  afterAll(async () => {
    await Promise.all([portal?.close(), hostile?.close()]);
  });

  /** A hostile page served from attacker.test (its own origin, hidden from KeyDeck). */
  const attacker = (name: string) => hostile.url(name).replace('//127.0.0.1:', '//attacker.test:');
  const watchedTabs = () => watchedTabsOf(driver());
  /** Everything the browser keeps of past pages: history, and the recently closed tabs and windows. */
  const traces = (): Promise<string[]> =>
    driver().extension(async () => {
      const history = (await chrome.history.search({ text: '', startTime: 0, maxResults: 10_000 })).map((h: { url: string }) => h.url);
      const closed = (await chrome.sessions.getRecentlyClosed({})).flatMap((s: any) => [s.tab, ...(s.window?.tabs ?? [])].filter(Boolean).map((t: any) => t.url));
      // A closed tab's address is there only where KeyDeck has host access: the finish addresses' hosts.
      return [...history, ...closed, ...((globalThis as any).visited ?? [])].filter((url) => typeof url === 'string');
    });
  const vault = (): Promise<Held[]> => openVault(driver()) as Promise<Held[]>;

  const handOverTab = (start: () => Promise<unknown>) => handOver(driver(), start);
  const connectThroughPortal = (app: string) => connectThroughPortalIn(driver(), popup, app);

  async function signInAndFinish(tab: Tab): Promise<void> {
    await tab.click({ css: '#sign-in' });
    await tab.waitForClose(); // KeyDeck closes the tab, which never loaded the finish page
  }

  test('the portal hands over a connection with its OctoPrint key, whatever the parameter-name case', async () => {
    for (const paramCase of ['camel', 'lower', 'upper', 'mixed'] as const) {
      portal.configure({ outcome: 'success', paramCase });
      const app = `OctoApp ${paramCase}`;
      await signInAndFinish(await connectThroughPortal(app));
      await popup.tab.bringToFront();
      await popup.see(`Saved the OctoEverywhere connection for ${app}`);
      const issued = portal.lastFinish!.issued;
      const saved = (await vault()).find((c) => c.app === app);
      expect(saved).toMatchObject({
        provider: 'octoeverywhere',
        secrets: {
          apiKey: issued.octoPrintApiKey,
          connectionUrl: issued.url,
          basicUser: issued.authBasicHttpUser,
          basicPassword: issued.authBasicHttpPassword,
          bearerToken: issued.authBearerToken,
          appToken: issued.appApiToken,
        },
        details: { printer: issued.printername },
      });
    }
    expect(portal.lastFinish!.appName).toBe('OctoApp mixed'); // octoPrintApiKeyAppName, url-decoded
  });

  test('the hand-over is captured before the finish page loads: the portal never serves it, no history, nothing in recently closed', async () => {
    portal.configure({ outcome: 'success', paramCase: 'camel', overrides: {} });
    await signInAndFinish(await connectThroughPortal('No trace'));
    await popup.tab.bringToFront();
    await popup.see('Saved the OctoEverywhere connection for No trace');
    const { issued, location } = portal.lastFinish!;
    expect((await vault()).find((c) => c.app === 'No trace')?.secrets.apiKey).toBe(issued.octoPrintApiKey);
    // The portal answered its sign-in with the finish redirect, and the browser never followed it.
    expect(portal.requestLog.some((r) => r.path.startsWith('/appportal/v1/authorize'))).toBe(true);
    expect(portal.requestLog.filter((r) => r.path.startsWith('/appportal/v1/complete')).map((r) => r.path)).toEqual([]);
    const left = await traces();
    expect(left.filter((url) => url.includes(issued.octoPrintApiKey!) || url.startsWith(location.split('?')[0]!))).toEqual([]);
  });

  test('a background the browser stopped while the user was on the portal is woken by the finish request and captures it', async () => {
    portal.configure({ outcome: 'success', paramCase: 'camel', overrides: {} });
    const tab = await connectThroughPortal('After a nap');
    await driver().stopBackground(); // as the browser does to an idle one while the user signs in
    await signInAndFinish(tab);
    await popup.tab.bringToFront();
    await popup.see('Saved the OctoEverywhere connection for After a nap');
    expect((await vault()).find((c) => c.app === 'After a nap')?.secrets.apiKey).toBe(portal.lastFinish!.issued.octoPrintApiKey);
    expect(portal.requestLog.filter((r) => r.path.startsWith('/appportal/v1/complete'))).toEqual([]);
  });

  test('a page of another site in the hand-over tab sends it to the real finish address with its own key: nothing saved', async () => {
    portal.configure({ outcome: 'success', paramCase: 'camel', overrides: {} });
    const before = await watchedTabs();
    const tab = await connectThroughPortal('Planted');
    const [watched] = (await watchedTabs()).filter((id) => !before.includes(id));
    expect(watched).toBeDefined();
    // The user browses on in that tab; this page submits itself to the portal's complete address.
    await tab.goto(attacker('form-get-portal'));
    await expect.poll(watchedTabs, { timeout: 15_000 }).not.toContain(watched);
    await tab.close().catch(() => undefined);
    // A real hand-over afterwards: once it is saved, whatever the planted one could have caused is too.
    await signInAndFinish(await connectThroughPortal('Control after plant'));
    await popup.tab.bringToFront();
    await popup.see('Saved the OctoEverywhere connection for Control after plant');
    const held = await vault();
    expect(held.filter((c) => c.app === 'Planted')).toEqual([]);
    expect(JSON.stringify(held)).not.toContain(hostile.forged.octoPrintApiKey);
  });

  test('without an OctoPrint key the connection is kept and the popup says why, with what to do next', async () => {
    portal.configure({ outcome: 'no-api-key', paramCase: 'camel' });
    await signInAndFinish(await connectThroughPortal('Mobileraker'));
    await popup.tab.bringToFront();
    const result = [{ role: 'listitem', name: /^Mobileraker/ }];
    await popup.see('could not make an OctoPrint key', result);
    await popup.see('the printer is offline', result);
    await popup.button('Add key by hand', result);
    await expect(popup.tab.value([Popup.addForm, { label: 'App name' }])).resolves.toBe('Mobileraker');
    await popup.button('Cancel');
    const saved = (await vault()).find((c) => c.app === 'Mobileraker');
    expect(saved?.secrets.apiKey).toBeUndefined();
    expect(saved?.secrets.connectionUrl).toBe(portal.lastFinish!.issued.url);
  });

  test('success=false is a clear failure and stores nothing', async () => {
    portal.configure({ outcome: 'failure' });
    const before = (await vault()).length;
    await signInAndFinish(await connectThroughPortal('Failing app'));
    await popup.tab.bringToFront();
    await popup.see('the connection was not made (success=false)');
    expect(await vault()).toHaveLength(before);
  });

  test('a malformed key on the finish page is refused with a message', async () => {
    portal.configure({ outcome: 'success', overrides: { octoPrintApiKey: 'not-a-key<script>' } });
    const before = (await vault()).length;
    await signInAndFinish(await connectThroughPortal('Odd values'));
    await popup.tab.bringToFront();
    await popup.see('has the wrong shape');
    expect(await vault()).toHaveLength(before);
    portal.configure({ overrides: {} });
  });

  test('CoCalc’s legacy hand-over to https://authenticated is caught in the tab KeyDeck opened', async () => {
    await popup.tab.bringToFront();
    await popup.openTab('Connect');
    const { tab } = await handOverTab(() => popup.button('Get a CoCalc key'));
    await signInAndFinish(tab);
    await popup.tab.bringToFront();
    await popup.see('Saved the CoCalc key');
    const saved = (await vault()).find((c) => c.provider === 'cocalc');
    expect(saved?.secrets.apiKey).toBe(portal.lastCocalcKey);
    expect((await traces()).filter((url) => url.includes(portal.lastCocalcKey!))).toEqual([]);
  });

  test('a page of another site in a CoCalc hand-over tab sends it to https://authenticated with its own key: nothing saved', async () => {
    await popup.tab.bringToFront();
    await popup.openTab('Connect');
    const { tab, watched } = await handOverTab(() => popup.button('Get a CoCalc key'));
    await tab.goto(attacker('cocalc-handover-script')); // runs CoCalc's own hand-over statement, with its key
    await expect.poll(watchedTabs, { timeout: 15_000 }).not.toContain(watched);
    await tab.close().catch(() => undefined);
    // A real CoCalc hand-over afterwards, as the positive control.
    await popup.tab.bringToFront();
    await popup.openTab('Connect');
    await signInAndFinish((await handOverTab(() => popup.button('Get a CoCalc key'))).tab);
    const key = portal.lastCocalcKey!;
    await expect.poll(async () => (await vault()).some((c) => c.secrets.apiKey === key), { timeout: 15_000 }).toBe(true);
    expect(JSON.stringify(await vault())).not.toContain(hostile.forged.cocalcKey);
    expect((await traces()).filter((url) => url.includes(key))).toEqual([]);
  });

  test('hostile pages on another origin capture nothing and leak nothing', async () => {
    const before = await vault();
    const results = () => popup.tab.evaluate(() => chrome.runtime.sendMessage({ type: 'capture.list', payload: {} }));
    const resultsBefore = new Set((await results()).data.results.map((r: { id: string }) => r.id));
    for (const page of hostile.pages) {
      const tab = await driver().openTab('about:blank');
      await tab.goto(hostile.url(page.name)); // some navigate on, or fail by design
      // Not a tab KeyDeck started: even a forged finish page on the portal origin is only offered, never saved.
      const tabId = await driver().extension(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
      const offer = await popup.tab.evaluate((id) => chrome.runtime.sendMessage({ type: 'capture.offer', payload: { tabId: id } }), tabId);
      expect(offer.ok).toBe(true);
      if (offer.data.offer) expect(new URL(await tab.url()).origin, page.name).toBe(portal.url);
      await tab.close();
    }

    // A flow KeyDeck started, whose tab is sent to a look-alike finish page elsewhere: still nothing.
    portal.configure({ outcome: 'success', paramCase: 'camel' });
    const tab = await connectThroughPortal('Hijacked');
    await tab.goto(hostile.url('finish-query'));
    await tab.close();

    // A positive control afterwards: once it is saved, anything the hostile pages could have caused is too.
    await signInAndFinish(await connectThroughPortal('Control'));
    await popup.tab.bringToFront();
    await popup.see('Saved the OctoEverywhere connection for Control');
    const after = await vault();
    expect(after.filter((c) => !before.some((b) => b.app === c.app)).map((c) => c.app)).toEqual(['Control']);
    expect(JSON.stringify(after)).not.toContain('F0rg3d');
    // Only the control's result is new (the list keeps the last ten, so its length says nothing).
    expect((await results()).data.results.filter((r: { id: string }) => !resultsBefore.has(r.id)).map((r: { app: string }) => r.app)).toEqual(['Control']);
  });

  test('a finish page KeyDeck did not open is saved only after the user confirms, and only once', async () => {
    portal.configure({ outcome: 'success', paramCase: 'camel' });
    await signInAndFinish(await connectThroughPortal('Twice'));
    const finishUrl = portal.lastFinish!.location;
    const count = (await vault()).length;

    const tab = await driver().openTab(finishUrl); // the same finish page again, in a tab the user opened
    const offered = await Popup.open(driver(), tab);
    await offered.button('Save them to KeyDeck');
    await offered.see('Already saved');
    expect(await vault()).toHaveLength(count);
    // The secrets are gone from the page's address.
    await expect.poll(() => tab.url()).toBe(portal.completeUrl);
    await offered.close();
    await tab.close();
  });
});
