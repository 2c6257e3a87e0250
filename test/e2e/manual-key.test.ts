import { beforeEach, describe, expect, test } from 'vitest';
import { BROWSERS, useDriver, useStarted, within } from './driver';
import { startPageServer } from './harness/pages';
import { Popup } from './pages/popup';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// The manual-key path through the real popup in both browsers: add, list, copy (clipboard cleared
// after the delay), reveal, delete; plus the messages a content script or a malformed sender gets.
const KEY = '0123456789ABCDEF0123456789ABCDEF';

describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const site = useStarted('the page server', startPageServer);
  // Every test starts from an empty vault, whatever ran before it (the background drops its cached
  // copy when storage.local changes).
  beforeEach(async () => {
    await driver().extension(() => chrome.storage.local.remove('vault'));
  });

  test('a key typed in by hand is stored, listed, copied, revealed and deleted', async () => {
    const popup = await Popup.open(driver());
    await popup.tab.waitFor({ role: 'heading', name: 'No keys yet' });
    // Shorten the clipboard delay to its minimum so the test does not wait 30 s.
    await popup.setClipboardDelay(5);

    // Wrong input is refused field by field, with a message for each.
    await popup.addKey({ serviceUrl: 'octopi.local', app: 'C', apiKey: 'short key' });
    await popup.see('Enter the server address as a full URL', Popup.addForm);
    await popup.see('The app name must be 2–60 characters.', Popup.addForm);
    await popup.see('The key must not contain spaces or line breaks.', Popup.addForm);

    await popup.addKey({ serviceUrl: `${site().origin}/`, app: 'Cura', apiKey: KEY, user: 'admin' });
    await popup.see('Saved the key for Cura.');
    const row = popup.row('OctoPrint', 'Cura');
    await popup.tab.waitFor(row);
    await popup.tab.waitFor({ role: 'heading', name: site().origin, exact: true });
    await expect(popup.keyShown(row)).resolves.toBe('••••CDEF');
    await expect(popup.tab.text(row)).resolves.not.toContain(KEY);

    // The same key again is refused, and nothing is duplicated.
    await popup.addKey({ serviceUrl: site().origin, app: 'Cura again', apiKey: KEY });
    await popup.see('This key is already stored for Cura.');
    await popup.button('Cancel');
    await expect(popup.tab.count({ role: 'listitem' })).resolves.toBe(1);

    await popup.rowAction(row, 'Reveal');
    await expect.poll(() => popup.keyShown(row)).toBe(KEY);
    await popup.rowAction(row, 'Hide');
    await expect.poll(() => popup.keyShown(row)).toBe('••••CDEF');

    await popup.button('Copy OctoPrint · Cura', row);
    await popup.see('Key copied. The clipboard will be cleared in 5 s.');
    await expect(driver().readClipboard()).resolves.toBe(KEY);
    await expect.poll(() => driver().readClipboard(), { timeout: 15_000, interval: 500 }).toBe('');
    await popup.see('Clipboard cleared.'); // the background told the open popup

    await popup.rowAction(row, 'Remove from KeyDeck (stays valid on the server)');
    await popup.see('It stays valid on the server.', row);
    await popup.button('Cancel', row); // changing one's mind keeps the key
    await popup.rowAction(row, 'Remove from KeyDeck (stays valid on the server)');
    await popup.button('Remove from KeyDeck (stays valid on the server)', row, true);
    await popup.see('Deleted the key for Cura from KeyDeck.');
    await popup.tab.waitFor({ role: 'heading', name: 'No keys yet' });
    await popup.close();
  });

  test('the clipboard is left alone when it no longer holds the key', async () => {
    const popup = await Popup.open(driver());
    await popup.setClipboardDelay(5);
    await popup.addKey({ serviceUrl: site().origin, app: 'Slicer', apiKey: KEY });
    await popup.button('Copy OctoPrint · Slicer', popup.row('OctoPrint', 'Slicer'));
    await popup.see('Key copied. The clipboard will be cleared in 5 s.');
    await expect(driver().readClipboard()).resolves.toBe(KEY);

    await driver().writeClipboard('something the user copied since');
    // Nothing to wait for: KeyDeck must do nothing. After the 5 s delay the clipboard still holds
    // what the user copied later.
    await new Promise((done) => setTimeout(done, 6_500));
    await expect(driver().readClipboard()).resolves.toBe('something the user copied since');
    await popup.close();
  });

  test('a content script asking for keys and a malformed message get typed errors; keys survive', async () => {
    const popup = await Popup.open(driver());
    await popup.addKey({ serviceUrl: site().origin, app: 'Slicer', apiKey: KEY });
    await popup.tab.waitFor(popup.row('OctoPrint', 'Slicer'));

    const malformed = await popup.tab.evaluate(() =>
      Promise.all([
        chrome.runtime.sendMessage({ type: 'vault.reveal', payload: { id: 42 } }),
        chrome.runtime.sendMessage({ type: 'vault.steal', payload: {} }),
        chrome.runtime.sendMessage('not even an object'),
      ]),
    );
    expect(malformed.map((reply: { error: { code: string } }) => reply.error.code)).toEqual(['bad-message', 'bad-message', 'bad-message']);

    // A script in a web page's tab (a content script's world) asks for the list and a secret.
    const tab = await driver().openTab(site().url('/login/'));
    const replies = await driver().extension(async (url) => {
      const target = (await chrome.tabs.query({})).find((t: { url?: string }) => t.url === url);
      const [injection] = await chrome.scripting.executeScript({
        target: { tabId: target.id },
        func: () =>
          Promise.all([
            chrome.runtime.sendMessage({ type: 'vault.list', payload: {} }),
            chrome.runtime.sendMessage({ type: 'settings.update', payload: { detectEverywhere: true } }),
          ]),
      });
      return injection?.result;
    }, await tab.url());
    expect(replies).toEqual([
      { ok: false, error: { code: 'forbidden', message: '"vault.list" is not accepted from this sender.' } },
      { ok: false, error: { code: 'forbidden', message: '"settings.update" is not accepted from this sender.' } },
    ]);
    await tab.close();

    await popup.tab.reload();
    await popup.tab.waitFor(popup.row('OctoPrint', 'Slicer'));
    await popup.close();
  });

  test('a damaged vault is reported in the popup, and nothing overwrites it', async () => {
    const damaged = { schemaVersion: 1, credentials: 'not a list' };
    await driver().extension((value) => chrome.storage.local.set({ vault: value }), damaged);
    const popup = await Popup.open(driver());
    const alert = within({ role: 'alert' }, { text: 'Your stored keys could not be read' });
    await popup.tab.waitFor(alert);

    await popup.addKey({ serviceUrl: site().origin, app: 'Cura', apiKey: KEY });
    await popup.tab.waitFor(alert);
    await expect(driver().extension(async () => (await chrome.storage.local.get('vault')).vault)).resolves.toEqual(damaged);
    await popup.close();
  });
});
