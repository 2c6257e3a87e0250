import { beforeEach, describe, expect, test } from 'vitest';
import { BROWSERS, useDriver, useStarted, within } from './driver';
import { startPageServer } from './harness/pages';
import { Popup } from './pages/popup';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// The key list by keyboard only, in both browsers: the search box has focus when the popup opens,
// Enter copies the first match, and Tab reaches the list's one row stop where Enter copies that row.
const CURA = '0123456789ABCDEF0123456789ABCDEF';
const SLICER = 'FEDCBA9876543210FEDCBA9876543210';

describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const site = useStarted('the page server', startPageServer);
  beforeEach(async () => {
    await driver().extension(() => chrome.storage.local.remove('vault'));
  });

  test('keyboard only: type and Enter copies the match; Tab then Enter copies the first row', async () => {
    const setup = await Popup.open(driver());
    await setup.addKey({ serviceUrl: site().origin, app: 'Cura', apiKey: CURA });
    await setup.see('Saved the key for Cura.');
    await setup.addKey({ serviceUrl: site().origin, app: 'Slicer', apiKey: SLICER });
    await setup.see('Saved the key for Slicer.');
    await setup.close();

    const popup = await Popup.open(driver());
    await popup.tab.waitFor(popup.row('OctoPrint', 'Cura'));
    await popup.tab.press('cura');
    await popup.see('Showing 1 of 2 keys');
    await popup.tab.press('\n');
    await popup.see('Key copied.');
    await expect(driver().readClipboard()).resolves.toBe(CURA);
    await popup.close();

    const again = await Popup.open(driver());
    await again.tab.waitFor(again.row('OctoPrint', 'Slicer'));
    await again.tab.press('\t\n'); // from the search box to the first row (the newest key), Enter copies it
    await again.see('Key copied.');
    await expect(driver().readClipboard()).resolves.toBe(SLICER);
    await again.close();
  });

  test('rename in the expanded row goes through the background; a bad name is refused in place', async () => {
    const popup = await Popup.open(driver());
    await popup.addKey({ serviceUrl: site().origin, app: 'Cura', apiKey: CURA });
    const row = popup.row('OctoPrint', 'Cura');
    await popup.rowAction(row, 'Rename');
    const name = within(row, { role: 'form', name: 'Rename' });
    await popup.tab.fill(within(name, { label: 'App name' }), 'C');
    await popup.button('Save name', name, true);
    await popup.see('The app name must be 2–60 characters.', name);
    await popup.tab.fill(within(name, { label: 'App name' }), 'Cura on the desk');
    await popup.button('Save name', name, true);
    await popup.tab.waitFor(popup.row('OctoPrint', 'Cura on the desk'));
    const apps = await driver().extension(async () => (await chrome.storage.local.get('vault')).vault.credentials.map((c: { app: string }) => c.app));
    expect(apps).toEqual(['Cura on the desk']);
    await popup.close();
  });
});
