import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { startPageServer, type PageServer } from './harness/pages';
import { PopupPage } from './harness/popup';

// Callbacks evaluated in the extension's pages and worker use the raw `chrome` API.
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// The manual-key path through the real popup in real Chromium: add, list, copy (clipboard cleared
// after the delay), reveal, delete; plus the messages a content script or a malformed sender gets.
const KEY = '0123456789ABCDEF0123456789ABCDEF';
let browser: ChromiumSession;
let site: PageServer;

beforeAll(async () => {
  [browser, site] = await Promise.all([launchChromium(), startPageServer()]);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/**
 * What another app would paste. Chromium cannot grant clipboard access to a chrome-extension://
 * origin, so a loopback page reads it; that page is focused first, as a page must be to read.
 */
async function readClipboard(): Promise<string> {
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  const page = await browser.context.newPage();
  await page.goto(site.url('/blank'));
  await page.bringToFront();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  await page.close();
  return text;
}

test('a key typed in by hand is stored, listed, copied, revealed and deleted', async () => {
  const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  const { page } = popup;
  await expect(page.getByRole('heading', { name: 'No keys yet' }).isVisible()).resolves.toBe(true);

  // Shorten the clipboard delay to its minimum so the test does not wait 30 s.
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Clear the clipboard after (seconds)').fill('5');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Settings saved.').waitFor();
  await page.getByRole('button', { name: 'Back' }).click();

  // Wrong input is refused field by field, with a message for each.
  await popup.addKey({ serviceUrl: 'octopi.local', app: 'C', apiKey: 'short key' });
  const form = page.getByRole('form', { name: 'Add key manually' });
  await form.getByText('Enter the server address as a full URL').waitFor();
  await form.getByText('The app name must be 2–60 characters.').waitFor();
  await form.getByText('The key must not contain spaces or line breaks.').waitFor();

  await popup.addKey({ serviceUrl: `${site.origin}/`, app: 'Cura', apiKey: KEY, user: 'admin' });
  await page.getByText('Saved the key for Cura.').waitFor();
  const row = popup.row('OctoPrint', 'Cura');
  await row.waitFor();
  await expect(page.getByRole('heading', { name: 'Cura' }).isVisible()).resolves.toBe(true);
  await expect(page.getByRole('heading', { name: site.origin, exact: true }).isVisible()).resolves.toBe(true);
  await expect(row.getByTestId('key').textContent()).resolves.toBe('••••••••CDEF');
  await expect(row.textContent()).resolves.not.toContain(KEY);

  // The same key again is refused, and nothing is duplicated.
  await popup.addKey({ serviceUrl: site.origin, app: 'Cura again', apiKey: KEY });
  await page.getByText('This key is already stored for Cura.').waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('listitem').count()).resolves.toBe(1);

  await row.getByRole('button', { name: 'Reveal OctoPrint · Cura' }).click();
  await expect.poll(() => row.getByTestId('key').textContent()).toBe(KEY);
  await row.getByRole('button', { name: 'Hide OctoPrint · Cura' }).click();
  await expect.poll(() => row.getByTestId('key').textContent()).toBe('••••••••CDEF');

  await row.getByRole('button', { name: 'Copy OctoPrint · Cura' }).click();
  await page.getByText('Key copied. The clipboard will be cleared in 5 s.').waitFor();
  await expect(readClipboard()).resolves.toBe(KEY);
  await expect.poll(readClipboard, { timeout: 15_000, interval: 500 }).toBe('');

  await row.getByRole('button', { name: 'Delete OctoPrint · Cura' }).click();
  await row.getByRole('button', { name: 'Cancel' }).click(); // changing one's mind keeps the key
  await row.getByRole('button', { name: 'Delete OctoPrint · Cura' }).click();
  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByText('Deleted the key for Cura from KeyDeck.').waitFor();
  await page.getByRole('heading', { name: 'No keys yet' }).waitFor();
  await page.close();
});

test('the clipboard is left alone when it no longer holds the key', async () => {
  const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  await popup.addKey({ serviceUrl: site.origin, app: 'Slicer', apiKey: KEY });
  await popup.row('OctoPrint', 'Slicer').getByRole('button', { name: 'Copy OctoPrint · Slicer' }).click();
  await popup.page.getByText('Key copied.', { exact: false }).waitFor();
  await expect(readClipboard()).resolves.toBe(KEY);

  const other = await browser.context.newPage();
  await other.goto(site.url('/blank'));
  await other.evaluate(() => navigator.clipboard.writeText('something the user copied since'));
  await other.close();
  // After the 5 s delay the clipboard still holds what the user copied later.
  await new Promise((done) => setTimeout(done, 6_500));
  await expect(readClipboard()).resolves.toBe('something the user copied since');
  await popup.page.close();
});

test('a content script asking for keys and a malformed message get typed errors; keys survive', async () => {
  const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  await popup.row('OctoPrint', 'Slicer').waitFor();

  const malformed = await popup.page.evaluate(() =>
    Promise.all([
      chrome.runtime.sendMessage({ type: 'vault.reveal', payload: { id: 42 } }),
      chrome.runtime.sendMessage({ type: 'vault.steal', payload: {} }),
      chrome.runtime.sendMessage('not even an object'),
    ]),
  );
  expect(malformed.map((reply) => reply.error.code)).toEqual(['bad-message', 'bad-message', 'bad-message']);

  // A script in a web page's tab (a content script's world) asks for the list and a secret.
  const tab = await browser.context.newPage();
  await tab.goto(site.url('/login/'));
  const tabId = await browser.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id, tab.url());
  const replies = await browser.worker.evaluate(async (id) => {
    const [injection] = await chrome.scripting.executeScript({
      target: { tabId: id! },
      func: () =>
        Promise.all([
          chrome.runtime.sendMessage({ type: 'vault.list', payload: {} }),
          chrome.runtime.sendMessage({ type: 'settings.update', payload: { detectEverywhere: true } }),
        ]),
    });
    return injection?.result;
  }, tabId);
  expect(replies).toEqual([
    { ok: false, error: { code: 'forbidden', message: '"vault.list" is not accepted from this sender.' } },
    { ok: false, error: { code: 'forbidden', message: '"settings.update" is not accepted from this sender.' } },
  ]);
  await tab.close();

  await popup.page.reload();
  await popup.row('OctoPrint', 'Slicer').waitFor();
  await popup.page.close();
});

test('a damaged vault is reported in the popup, and nothing overwrites it', async () => {
  const damaged = { schemaVersion: 1, credentials: 'not a list' };
  await browser.worker.evaluate((value) => chrome.storage.local.set({ vault: value }), damaged);
  const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  await popup.page.getByRole('alert').getByText('Your stored keys could not be read').waitFor();

  await popup.addKey({ serviceUrl: site.origin, app: 'Cura', apiKey: KEY });
  await popup.page.getByRole('alert').getByText('Your stored keys could not be read').waitFor();
  await expect(browser.worker.evaluate(async () => (await chrome.storage.local.get('vault')).vault)).resolves.toEqual(damaged);
  await popup.page.close();
});
