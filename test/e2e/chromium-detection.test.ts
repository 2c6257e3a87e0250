import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { startPageServer, type PageServer } from './harness/pages';
import { PopupPage } from './harness/popup';

// Callbacks evaluated in the extension's pages and worker use the raw `chrome` API.
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// OctoPrint detection in real Chromium: on the tab the popup is opened for, and automatically on the
// servers KeyDeck holds keys for; never on a look-alike page.
let browser: ChromiumSession;
let site: PageServer;

beforeAll(async () => {
  [browser, site] = await Promise.all([launchChromium(), startPageServer()]);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function visit(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  return page;
}

function badgeOf(page: Page): Promise<string> {
  return browser.worker.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    return chrome.action.getBadgeText({ tabId: tab.id });
  }, page.url());
}

const openPopup = () => PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));

test('opening the popup on an OctoPrint login page says so and marks the tab', async () => {
  const tab = await visit(site.url('/login/'));
  const popup = await openPopup();
  await popup.page.getByText(`OctoPrint detected at ${site.origin}`).waitFor();
  await expect(badgeOf(tab)).resolves.toBe('OP');

  // The banner leads to manual entry with the server filled in.
  await popup.page.getByRole('button', { name: 'Add a key for this server' }).click();
  await expect(popup.page.getByLabel('Server URL').inputValue()).resolves.toBe(site.origin);
  await popup.page.close();
  await tab.close();
});

test('the auth dialog page is recognised too, and names the server, not the dialog', async () => {
  const tab = await visit(site.url('/plugin/appkeys/auth/token'));
  const popup = await openPopup();
  await popup.page.getByText(`OctoPrint detected at ${site.origin}`).waitFor();
  await popup.page.close();
  await tab.close();
});

test('a page that borrows OctoPrint ids but is not OctoPrint is not detected', async () => {
  const tab = await visit(site.url('/lookalike'));
  const popup = await openPopup();
  await popup.page.getByRole('heading', { name: 'No keys yet' }).waitFor();
  // Ask the same question the popup asks, and wait for its answer, so the check below is not early.
  const tabId = await browser.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0].id, tab.url());
  const reply = await popup.page.evaluate((id) => chrome.runtime.sendMessage({ type: 'tab.detect', payload: { tabId: id } }), tabId);
  expect(reply).toEqual({ ok: true, data: { detection: null } });
  await expect(popup.page.getByText('OctoPrint detected').count()).resolves.toBe(0);
  await expect(badgeOf(tab)).resolves.toBe('');
  await popup.page.close();
  await tab.close();
});

test('after a key is stored for a server, its OctoPrint pages are recognised without opening the popup', async () => {
  const popup = await openPopup();
  await popup.addKey({ serviceUrl: site.origin, app: 'Home Assistant', apiKey: 'a'.repeat(43) });
  await popup.page.getByText('Saved the key for Home Assistant.').waitFor();
  await popup.page.close();

  const registered = await browser.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
  expect(registered.map((s: { matches: string[] }) => s.matches)).toEqual([['http://127.0.0.1/*']]);

  // localhost is the same machine but another host, with no key: not watched.
  const elsewhere = await visit(site.url('/login/').replace('127.0.0.1', 'localhost'));
  const watched = await visit(site.url('/login/'));
  await expect.poll(() => badgeOf(watched), { timeout: 10_000 }).toBe('OP');
  await expect(badgeOf(elsewhere)).resolves.toBe('');
  await watched.close();
  await elsewhere.close();
});
