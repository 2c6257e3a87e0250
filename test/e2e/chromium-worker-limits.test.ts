import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { startOctoPrintSim, type OctoPrintSim } from '../sim/octoprint';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { accessRequestNotice, openOctoPrintAsAdmin } from './harness/octoprint-tab';
import { PopupPage } from './harness/popup';

// Callbacks evaluated in the extension's pages and worker use the raw `chrome` API.
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// Chromium only, where the browser's own limits are what is tested: a service worker stopped past
// OctoPrint's 5 s window, and chrome.storage.local's real 10 MB quota. The shared flows (Allow, Deny,
// copy, revoke, a background stopped briefly) run in both browsers in octoprint-flow.test.ts.
let browser: ChromiumSession;

beforeAll(async () => {
  browser = await launchChromium();
});
const ownSims: OctoPrintSim[] = [];
const closeAfter = (own: OctoPrintSim) => void ownSims.push(own);
afterEach(async () => {
  for (const own of ownSims.splice(0)) await own.close();
});
afterAll(async () => {
  await browser?.close();
});

const apiVersionWith = (key: string, server: OctoPrintSim) => fetch(`${server.url}/api/version`, { headers: { 'X-Api-Key': key } }).then((r) => r.status);

// Each uses a server of its own, so OctoPrint's 3-requests-a-minute limit never couples them.
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
  await popup.expand('OctoPrint', 'OctoDash');
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
    await flow.getByText('The key arrived but is NOT saved: KeyDeck’s storage is full: delete keys you no longer use to make room. Copy it or reveal it now').waitFor();
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

test('storage full: a key typed in by hand is refused with “KeyDeck’s storage is full” (Chromium’s real quota message), and stays in the form', async () => {
  await browser.worker.evaluate(async () => {
    const used: number = await chrome.storage.local.getBytesInUse(null);
    await chrome.storage.local.set({ filler: 'x'.repeat(chrome.storage.local.QUOTA_BYTES - used - 'filler'.length - 2 - 50) });
  });
  const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  try {
    await popup.page.getByRole('button', { name: 'Add key', exact: true }).click();
    const form = popup.page.getByRole('form', { name: 'Add key manually' });
    await form.getByLabel('Server URL').fill('http://octopi.local');
    await form.getByLabel('App name').fill('Full Disk');
    await form.getByLabel('API key').fill('0123456789ABCDEF0123456789ABCDEF');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.getByRole('alert').getByText('KeyDeck’s storage is full: delete keys you no longer use to make room.').waitFor();
    await expect(form.getByLabel('API key').inputValue()).resolves.toBe('0123456789ABCDEF0123456789ABCDEF');
  } finally {
    await browser.worker.evaluate(() => chrome.storage.local.remove('filler'));
    await popup.page.close();
  }
});
