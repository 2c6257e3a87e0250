import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { startOctoPrintSim, type OctoPrintSim } from '../sim/octoprint';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { accessRequestNotice, openOctoPrintAsAdmin } from './harness/octoprint-tab';
import { PopupPage } from './harness/popup';

// Callbacks evaluated in the extension's pages and worker use the raw `chrome` API.
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// The heart of KeyDeck in real Chromium against the OctoPrint simulator: ask for a key from the popup,
// click Allow in OctoPrint as the user, get a verified key, copy it, use it, revoke it, see it fail.
let browser: ChromiumSession;
let sim: OctoPrintSim;

beforeAll(async () => {
  [browser, sim] = await Promise.all([launchChromium(), startOctoPrintSim()]);
});
const ownSims: OctoPrintSim[] = [];
const closeAfter = (own: OctoPrintSim) => void ownSims.push(own);
afterEach(async () => {
  for (const own of ownSims.splice(0)) await own.close();
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

const apiVersionWith = (key: string, server = sim) => fetch(`${server.url}/api/version`, { headers: { 'X-Api-Key': key } }).then((r) => r.status);

test('get a key for an app, approve it in OctoPrint, copy it, use it, revoke it', async () => {
  const octoprint = await openOctoPrintAsAdmin(browser.context, sim);
  const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  const { page } = popup;
  await page.getByText(`OctoPrint detected at ${sim.url}`).waitFor();

  // App names outside 2–60 characters are refused before anything is sent.
  const form = page.getByRole('form', { name: 'Get a key for app' });
  await form.getByLabel('Get a key for app').fill('X');
  await form.getByRole('button', { name: 'Get key' }).click();
  await form.getByText('The app name must be 2–60 characters.').waitFor();
  expect(sim.pending()).toHaveLength(0);

  await form.getByLabel('Get a key for app').fill('OctoFarm');
  await form.getByRole('button', { name: 'Get key' }).click();
  const flow = page.getByRole('listitem', { name: `OctoFarm · ${sim.url}` });
  await flow.getByText('Waiting for you to click Allow in OctoPrint').waitFor();
  await flow.getByLabel('time left').getByText(/^(10:00|9:[0-5]\d) left$/).waitFor();

  // OctoPrint shows its notice; reopened on that tab, the popup says Allow is waiting there.
  await accessRequestNotice(octoprint, 'OctoFarm').waitFor();
  await octoprint.bringToFront();
  const again = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  await again.page.getByText('OctoPrint shows an Access Request for “OctoFarm” in this tab: click Allow there.').waitFor();
  await again.page.close();

  // The user clicks Allow in OctoPrint. KeyDeck never does.
  await octoprint.bringToFront();
  await accessRequestNotice(octoprint, 'OctoFarm').getByRole('button', { name: 'Allow' }).click();
  await page.bringToFront();
  const row = popup.row('OctoPrint', 'OctoFarm');
  await row.getByText('✓ Works as admin on OctoPrint 1.11.8.').waitFor();
  await row.getByText('not in Operator').waitFor();
  await row.getByText('CORS is off').waitFor();
  await flow.getByText('Works as admin on OctoPrint 1.11.8.').waitFor();

  // Exactly one request was made, and no key ever travelled in a URL.
  expect(sim.requestLog.filter((r) => r.method === 'POST' && r.path.endsWith('/plugin/appkeys/request'))).toHaveLength(1);
  expect(sim.requestLog.some((r) => /apikey=/i.test(r.path))).toBe(false);
  const [issued] = sim.keys().filter((k) => k.appId === 'OctoFarm');
  expect(issued).toBeDefined();

  await row.getByRole('button', { name: 'Reveal OctoPrint · OctoFarm' }).click();
  await expect.poll(() => row.getByTestId('key').textContent()).toBe(issued!.apiKey);

  // Copy it and use what the clipboard holds, as the user pasting it into another app would.
  await row.getByRole('button', { name: 'Copy OctoPrint · OctoFarm' }).click();
  await page.getByText('Key copied.', { exact: false }).waitFor();
  await browser.context.grantPermissions(['clipboard-read'], { origin: new URL(sim.url).origin });
  const pasted = await octoprint.evaluate(() => navigator.clipboard.readText());
  expect(pasted).toBe(issued!.apiKey);
  await expect(apiVersionWith(pasted)).resolves.toBe(200);
  // The OctoPrint page itself never saw the key.
  await expect(octoprint.content()).resolves.not.toContain(issued!.apiKey);

  await row.getByRole('button', { name: 'Revoke OctoPrint · OctoFarm' }).click();
  await row.getByRole('button', { name: 'Revoke', exact: true }).click();
  await page.getByText('Revoked the key for OctoFarm on the server and removed it.').waitFor();
  await expect(apiVersionWith(issued!.apiKey)).resolves.toBe(403);
  await expect(row.count()).resolves.toBe(0);
  await octoprint.close();
  await page.close();
});

test('deny in OctoPrint says what happened and stores nothing', async () => {
  const octoprint = await openOctoPrintAsAdmin(browser.context, sim);
  const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  const form = popup.page.getByRole('form', { name: 'Get a key for app' });
  await form.getByLabel('Get a key for app').fill('Cura');
  await form.getByRole('button', { name: 'Get key' }).click();
  await accessRequestNotice(octoprint, 'Cura').getByRole('button', { name: 'Deny' }).click();
  await popup.page.getByText('it was denied, or it timed out before anyone clicked Allow').waitFor();
  await expect(popup.row('OctoPrint', 'Cura').count()).resolves.toBe(0);
  await expect(browser.worker.evaluate(async () => JSON.stringify(await chrome.storage.local.get('vault')))).resolves.not.toContain('Cura');
  await octoprint.close();
  await popup.page.close();
});

test('a service worker stopped while waiting for Allow picks the request up again and completes it', async () => {
  const octoprint = await openOctoPrintAsAdmin(browser.context, sim);
  const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  const before = sim.requestLog.length;
  const form = popup.page.getByRole('form', { name: 'Get a key for app' });
  await form.getByLabel('Get a key for app').fill('Home Assistant');
  await form.getByRole('button', { name: 'Get key' }).click();
  const notice = accessRequestNotice(octoprint, 'Home Assistant');
  await notice.waitFor();

  // Stop the worker as the browser may; the popup's next message starts a new one, which resumes.
  await browser.worker.evaluate(() => ((globalThis as { marked?: boolean }).marked = true));
  await browser.stopWorker(popup.page);
  await popup.page.reload();
  // A fresh worker (without the mark): the old one is gone, timers and all.
  await expect(browser.worker.evaluate(() => (globalThis as { marked?: boolean }).marked)).resolves.toBeUndefined();
  await popup.page.getByRole('listitem', { name: `Home Assistant · ${sim.url}` }).getByText('Waiting for you').waitFor();

  await notice.getByRole('button', { name: 'Allow' }).click();
  await popup.row('OctoPrint', 'Home Assistant').getByText('✓ Works as admin').waitFor();
  // Still one request: the new worker carried on polling the old one.
  expect(sim.requestLog.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/plugin/appkeys/request'))).toHaveLength(1);
  await octoprint.close();
  await popup.page.close();
});

// The next two use a server of their own: the shared one has had 3 key requests this minute
// (OctoPrint's rate limit).
test('a service worker stopped for longer than OctoPrint’s 5 s: the card says the request lapsed while KeyDeck was stopped, and Try again asks afresh', async () => {
  const own = await startOctoPrintSim();
  closeAfter(own);
  const octoprint = await openOctoPrintAsAdmin(browser.context, own);
  const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  const before = own.requestLog.length;
  const form = popup.page.getByRole('form', { name: 'Get a key for app' });
  await form.getByLabel('Get a key for app').fill('OctoDash');
  await form.getByRole('button', { name: 'Get key' }).click();
  const notice = accessRequestNotice(octoprint, 'OctoDash');
  await notice.waitFor();
  const flow = popup.page.getByRole('listitem', { name: `OctoDash · ${own.url}` });
  await flow.getByText('Waiting for you to click Allow').waitFor();
  const first = own.pending().find((p) => p.appId === 'OctoDash')!.appToken;

  // The browser stops the worker and nothing wakes it: OctoPrint drops the request 5 s after the
  // last poll (the simulator's own timer fires, as OctoPrint's does).
  await browser.stopWorker(popup.page);
  await expect(own.waitForDrop(first, 20_000)).resolves.toMatchObject({ reason: 'unpolled' });
  await notice.waitFor({ state: 'detached' }); // OctoPrint's notice went with it

  // The popup's next message wakes a new worker, which finds the request gone and says why.
  await popup.page.reload();
  await flow.getByText(/^The request lapsed while the browser had stopped KeyDeck/).waitFor();
  await expect(flow.textContent()).resolves.not.toMatch(/denied/);
  await expect(flow.getByRole('button', { name: 'Open OctoPrint' }).count()).resolves.toBe(0);

  await flow.getByRole('button', { name: 'Try again' }).click();
  await flow.getByText('Waiting for you to click Allow').waitFor();
  const keyRequests = own.requestLog.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/plugin/appkeys/request'));
  expect(keyRequests).toHaveLength(2); // the first, and the one Try again made
  const second = own.pending().find((p) => p.appId === 'OctoDash')!.appToken;
  expect(second).not.toBe(first);
  await notice.getByRole('button', { name: 'Allow' }).click();
  await popup.row('OctoPrint', 'OctoDash').getByText('✓ Works as admin').waitFor();
  await octoprint.close();
  await popup.page.close();
});

test('storage full: the key that arrived is NOT saved, the card says so, Reveal and Copy give it, Dismiss forgets it', async () => {
  const own = await startOctoPrintSim();
  closeAfter(own);
  // Fill chrome.storage.local (10 MB without unlimitedStorage) so that the vault cannot grow.
  await browser.worker.evaluate(async () => {
    const used: number = await chrome.storage.local.getBytesInUse(null);
    await chrome.storage.local.set({ filler: 'x'.repeat(chrome.storage.local.QUOTA_BYTES - used - 'filler'.length - 2 - 50) });
  });
  const octoprint = await openOctoPrintAsAdmin(browser.context, own);
  const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  try {
    const form = popup.page.getByRole('form', { name: 'Get a key for app' });
    await form.getByLabel('Get a key for app').fill('Mainsail');
    await form.getByRole('button', { name: 'Get key' }).click();
    await accessRequestNotice(octoprint, 'Mainsail').getByRole('button', { name: 'Allow' }).click();
    const flow = popup.page.getByRole('listitem', { name: `Mainsail · ${own.url}` });
    await flow.getByText('The key arrived but is NOT saved: KeyDeck’s storage is full. Copy it or reveal it now').waitFor();
    const issued = own.keys().find((k) => k.appId === 'Mainsail')!.apiKey;
    await expect(popup.row('OctoPrint', 'Mainsail').count()).resolves.toBe(0);

    await flow.getByRole('button', { name: 'Reveal the unsaved key for Mainsail' }).click();
    await expect.poll(() => flow.getByTestId('unsaved-key').textContent()).toBe(issued);
    await flow.getByRole('button', { name: 'Hide the unsaved key for Mainsail' }).click();
    await expect(flow.getByTestId('unsaved-key').count()).resolves.toBe(0);

    await flow.getByRole('button', { name: 'Copy the unsaved key for Mainsail' }).click();
    await flow.getByText('Key copied.', { exact: false }).waitFor();
    await browser.context.grantPermissions(['clipboard-read'], { origin: new URL(own.url).origin });
    await expect(octoprint.evaluate(() => navigator.clipboard.readText())).resolves.toBe(issued);
    await expect(apiVersionWith(issued, own)).resolves.toBe(200);

    const session = () => browser.worker.evaluate(async () => JSON.stringify(await chrome.storage.session.get(null)));
    await expect(session()).resolves.toContain(issued);
    await flow.getByRole('button', { name: 'Dismiss' }).click();
    await flow.waitFor({ state: 'detached' });
    await expect(session()).resolves.not.toContain(issued);
  } finally {
    await browser.worker.evaluate(() => chrome.storage.local.remove('filler'));
    await octoprint.close();
    await popup.page.close();
  }
});

test('a server without the Application Keys plugin leads to manual entry, pre-filled, and that key is verified', async () => {
  const old = await startOctoPrintSim({ pluginEnabled: false });
  try {
    const octoprint = await openOctoPrintAsAdmin(browser.context, old);
    const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
    const form = popup.page.getByRole('form', { name: 'Get a key for app' });
    await form.getByLabel('Get a key for app').fill('PrusaSlicer');
    await form.getByRole('button', { name: 'Get key' }).click();
    const flow = popup.page.getByRole('listitem', { name: `PrusaSlicer · ${old.url}` });
    await flow.getByText('has no Application Keys plugin').waitFor();
    await flow.getByRole('button', { name: 'Add key by hand' }).click();

    const manual = popup.page.getByRole('form', { name: 'Add key manually' });
    await expect(manual.getByLabel('Server URL').inputValue()).resolves.toBe(old.url);
    await expect(manual.getByLabel('App name').inputValue()).resolves.toBe('PrusaSlicer');
    await manual.getByLabel('API key').fill(old.users.bob.apiKey); // copied from OctoPrint's user settings
    await manual.getByRole('button', { name: 'Save', exact: true }).click();
    const row = popup.row('OctoPrint', 'PrusaSlicer');
    await row.getByText('✓ Works as bob on OctoPrint 1.11.8.').waitFor();
    await row.getByText('not in Admins').waitFor();
    await octoprint.close();
    await popup.page.close();
  } finally {
    await old.close();
  }
});
