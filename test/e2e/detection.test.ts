import { describe, expect, test } from 'vitest';
import { BROWSERS, useDriver, useStarted, type Driver, type Tab } from './driver';
import { startPageServer } from './harness/pages';
import { Popup } from './pages/popup';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// OctoPrint detection in both browsers: on the tab the popup is opened for, and automatically on the
// servers KeyDeck holds keys for; never on a look-alike page.
describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const site = useStarted('the page server', startPageServer);

  async function tabIdOf(d: Driver, tab: Tab): Promise<number> {
    const url = await tab.url();
    return d.extension(async (u) => (await chrome.tabs.query({})).find((t: { url?: string }) => t.url === u)?.id, url);
  }
  async function badgeOf(tab: Tab): Promise<string> {
    const tabId = await tabIdOf(driver(), tab);
    return driver().extension((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  }

  test('opening the popup on an OctoPrint login page says so and marks the tab', async () => {
    const tab = await driver().openTab(site().url('/login/'));
    const popup = await Popup.open(driver(), tab);
    await popup.see(`This page looks like OctoPrint at ${site().origin}`);
    await expect(badgeOf(tab)).resolves.toBe('OP');

    // The banner leads to manual entry with the server filled in.
    await popup.button('Add a key for this server');
    await expect(popup.tab.value([Popup.addForm, { label: 'Server URL' }])).resolves.toBe(site().origin);
    await popup.close();
    await tab.close();
  });

  test('the auth dialog page is recognised too, and names the server, not the dialog', async () => {
    const tab = await driver().openTab(site().url('/plugin/appkeys/auth/token'));
    const popup = await Popup.open(driver(), tab);
    await popup.see(`This page looks like OctoPrint at ${site().origin}`);
    await popup.close();
    await tab.close();
  });

  test('a page that borrows OctoPrint ids but is not OctoPrint is not detected', async () => {
    const tab = await driver().openTab(site().url('/lookalike'));
    const popup = await Popup.open(driver(), tab);
    await popup.tab.waitFor({ role: 'heading', name: 'No keys yet' });
    // Ask the same question the popup asks, and wait for its answer, so the check below is not early.
    const tabId = await tabIdOf(driver(), tab);
    const reply = await popup.tab.evaluate((id) => chrome.runtime.sendMessage({ type: 'tab.detect', payload: { tabId: id } }), tabId);
    expect(reply).toEqual({ ok: true, data: { detection: null } });
    await expect(popup.tab.count({ text: 'looks like OctoPrint' })).resolves.toBe(0);
    await expect(badgeOf(tab)).resolves.toBe('');
    await popup.close();
    await tab.close();
  });

  test('after a key is stored for a server, its OctoPrint pages are recognised without opening the popup', async () => {
    const popup = await Popup.open(driver());
    await popup.addKey({ serviceUrl: site().origin, app: 'Home Assistant', apiKey: 'a'.repeat(43) });
    await popup.see('Saved the key for Home Assistant.');
    await popup.close();

    // The registration follows the stored vault (an effect of the change, not of the message): wait for it.
    const registered = () => driver().extension(() => chrome.scripting.getRegisteredContentScripts());
    await expect
      .poll(async () => (await registered()).map((s: { matches: string[] }) => s.matches), { timeout: 10_000 })
      .toEqual([['http://127.0.0.1/*']]);

    // localhost is the same machine but another host, with no key: not watched.
    const elsewhere = await driver().openTab(site().url('/login/').replace('127.0.0.1', 'localhost'));
    const watched = await driver().openTab(site().url('/login/'));
    await expect.poll(() => badgeOf(watched), { timeout: 10_000 }).toBe('OP');
    await expect(badgeOf(elsewhere)).resolves.toBe('');
    await watched.close();
    await elsewhere.close();
  });
});
