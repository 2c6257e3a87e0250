import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startHostileSim, startPortalSim, type HostileSim, type PortalSim } from '../sim/portal';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { PopupPage } from './harness/popup';

// Callbacks evaluated in the extension's pages and worker use the raw `chrome` API.
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// Finish-page capture in real Chromium: the OctoEverywhere-like portal and CoCalc's legacy hand-over,
// both from tabs KeyDeck opened; and hostile pages on another origin, which must capture nothing.
let browser: ChromiumSession;
let portal: PortalSim;
let hostile: HostileSim;
let popup: PopupPage;

beforeAll(async () => {
  portal = await startPortalSim({ cocalcDelayMs: 0 });
  [browser, hostile] = await Promise.all([
    // CoCalc hands the key to https://authenticated, which must not resolve (nor be looked up) here.
    launchChromium(undefined, { extraArgs: ['--host-resolver-rules=MAP authenticated ~NOTFOUND'] }),
    startHostileSim({ portalOrigin: portal.url }),
  ]);
  popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  const reply = await popup.page.evaluate(
    (url) => chrome.runtime.sendMessage({ type: 'settings.update', payload: { portalUrl: url, cocalcUrl: url } }),
    portal.url,
  );
  expect(reply.ok).toBe(true);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([portal?.close(), hostile?.close()]);
});

const vault = (): Promise<{ app: string; provider: string; secrets: Record<string, string>; details?: Record<string, string> }[]> =>
  browser.worker.evaluate(async () => (await chrome.storage.local.get('vault')).vault?.credentials ?? []);

/** Starts "Connect through OctoEverywhere" in the popup and returns the portal tab it opened. */
async function connectThroughPortal(app: string): Promise<Page> {
  await popup.page.bringToFront();
  await popup.page.getByRole('button', { name: 'Connect', exact: true }).click();
  const form = popup.page.getByRole('form', { name: 'OctoEverywhere App Portal' });
  await form.getByLabel('App name').fill(app);
  const opened = browser.context.waitForEvent('page');
  await form.getByRole('button', { name: 'Connect through OctoEverywhere' }).click();
  const tab = await opened;
  await tab.waitForLoadState();
  return tab;
}

async function signInAndFinish(tab: Page): Promise<void> {
  const closed = tab.waitForEvent('close');
  await tab.locator('#sign-in').click();
  await closed; // KeyDeck closes the finish page: the secrets leave the tab's history with it
}

test('the portal hands over a connection with its OctoPrint key, whatever the parameter-name case', async () => {
  for (const paramCase of ['camel', 'lower', 'upper', 'mixed'] as const) {
    portal.configure({ outcome: 'success', paramCase });
    const app = `OctoApp ${paramCase}`;
    await signInAndFinish(await connectThroughPortal(app));
    await popup.page.bringToFront();
    await popup.page.getByText(`Saved the OctoEverywhere connection for ${app}`).first().waitFor();
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

test('without an OctoPrint key the connection is kept and the popup says why, with what to do next', async () => {
  portal.configure({ outcome: 'no-api-key', paramCase: 'camel' });
  await signInAndFinish(await connectThroughPortal('Mobileraker'));
  await popup.page.bringToFront();
  const result = popup.page.getByRole('listitem', { name: new RegExp('^Mobileraker') });
  await result.getByText('could not make an OctoPrint key').waitFor();
  await result.getByText('the printer is offline').waitFor();
  await result.getByRole('button', { name: 'Add key by hand' }).click();
  await expect(popup.page.getByLabel('App name').inputValue()).resolves.toBe('Mobileraker');
  await popup.page.getByRole('button', { name: 'Cancel' }).click();
  const saved = (await vault()).find((c) => c.app === 'Mobileraker');
  expect(saved?.secrets.apiKey).toBeUndefined();
  expect(saved?.secrets.connectionUrl).toBe(portal.lastFinish!.issued.url);
});

test('success=false is a clear failure and stores nothing', async () => {
  portal.configure({ outcome: 'failure' });
  const before = (await vault()).length;
  await signInAndFinish(await connectThroughPortal('Failing app'));
  await popup.page.bringToFront();
  await popup.page.getByText('the connection was not made (success=false)').first().waitFor();
  expect(await vault()).toHaveLength(before);
});

test('a malformed key on the finish page is refused with a message', async () => {
  portal.configure({ outcome: 'success', overrides: { octoPrintApiKey: 'not-a-key<script>' } });
  const before = (await vault()).length;
  await signInAndFinish(await connectThroughPortal('Odd values'));
  await popup.page.bringToFront();
  await popup.page.getByText('has the wrong shape').first().waitFor();
  expect(await vault()).toHaveLength(before);
  portal.configure({ overrides: {} });
});

test('CoCalc’s legacy hand-over to https://authenticated is caught in the tab KeyDeck opened', async () => {
  await popup.page.bringToFront();
  await popup.page.getByRole('button', { name: 'Connect', exact: true }).click();
  const opened = browser.context.waitForEvent('page');
  await popup.page.getByRole('button', { name: 'Get a CoCalc key' }).click();
  const tab = await opened;
  await tab.waitForLoadState();
  const closed = tab.waitForEvent('close');
  await tab.locator('#sign-in').click();
  await closed;
  await popup.page.bringToFront();
  await popup.page.getByText('Saved the CoCalc key').first().waitFor();
  const saved = (await vault()).find((c) => c.provider === 'cocalc');
  expect(saved?.secrets.apiKey).toBe(portal.lastCocalcKey);
});

test('hostile pages on another origin capture nothing and leak nothing', async () => {
  const before = JSON.stringify(await vault());
  const results = () => popup.page.evaluate(() => chrome.runtime.sendMessage({ type: 'capture.list', payload: {} }));
  const resultsBefore = (await results()).data.results.length;
  for (const page of hostile.pages) {
    const tab = await browser.context.newPage();
    await tab.goto(hostile.url(page.name)).catch(() => undefined); // some navigate on, or fail by design
    await tab.waitForLoadState('load').catch(() => undefined);
    // Not a tab KeyDeck started: even a forged finish page on the portal origin is only offered, never saved.
    const tabId = await browser.worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
    const offer = await popup.page.evaluate((id) => chrome.runtime.sendMessage({ type: 'capture.offer', payload: { tabId: id } }), tabId);
    expect(offer.ok).toBe(true);
    if (offer.data.offer) expect(new URL(tab.url()).origin, page.name).toBe(portal.url);
    await tab.close();
  }

  // A flow KeyDeck started, whose tab is sent to a look-alike finish page elsewhere: still nothing.
  portal.configure({ outcome: 'success' });
  const tab = await connectThroughPortal('Hijacked');
  await tab.goto(hostile.url('finish-query'));
  await tab.close();

  // A positive control afterwards: once it is saved, anything the hostile pages could have caused is too.
  await signInAndFinish(await connectThroughPortal('Control'));
  await popup.page.bringToFront();
  await popup.page.getByText('Saved the OctoEverywhere connection for Control').first().waitFor();
  const after = await vault();
  expect(after.filter((c) => !JSON.parse(before).some((b: { app: string }) => b.app === c.app)).map((c) => c.app)).toEqual(['Control']);
  expect(JSON.stringify(after)).not.toContain('F0rg3d');
  expect((await results()).data.results.length).toBe(resultsBefore + 1);
});

test('a finish page KeyDeck did not open is saved only after the user confirms, and only once', async () => {
  portal.configure({ outcome: 'success', paramCase: 'camel' });
  await signInAndFinish(await connectThroughPortal('Twice'));
  const finishUrl = portal.lastFinish!.location;
  const count = (await vault()).length;

  const tab = await browser.context.newPage();
  await tab.goto(finishUrl); // the same finish page again, in a tab the user opened
  await tab.bringToFront();
  const offered = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  await offered.page.getByRole('button', { name: 'Save them to KeyDeck' }).click();
  await offered.page.getByText('Already saved').waitFor();
  expect(await vault()).toHaveLength(count);
  // The secrets are gone from the page's address.
  await expect.poll(() => tab.url()).toBe(portal.completeUrl);
  await offered.page.close();
  await tab.close();
});
