import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, test } from 'vitest';
import { startOctoPrintSim } from '../sim/octoprint';
import { BROWSERS, useDriver, useStarted, within } from './driver';
import { startPageServer } from './harness/pages';
import { OctoPrintTab } from './pages/octoprint-tab';
import { Popup } from './pages/popup';
import { octoprintKey, seedVault } from './support/seed';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// The key list's order and filters through the real popup, in both browsers: on an OctoPrint tab
// that server's keys come first ("On this page") and Copy there copies its key; keys near expiry
// raise the banner, which filters the list to them, and their times read as people say them.
const DAY = 86_400_000;
const hex = () => randomBytes(16).toString('hex').toUpperCase();
const host = (url: string) => new URL(url).host;

describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const site = useStarted('the page server', startPageServer);
  const sim = useStarted('the OctoPrint simulator', startOctoPrintSim);
  beforeEach(async () => {
    await driver().extension(() => chrome.storage.local.remove(['vault', 'vaultIndex']));
  });

  test('on an OctoPrint tab that server’s keys come first, under “On this page”, and Copy there copies its key', async () => {
    const pinnedKey = sim().users.admin.apiKey!;
    const elsewhere = { cura: hex(), slicer: hex() };
    // The other server's keys are newer: without the pin they would come first.
    await seedVault(driver(), [
      octoprintKey(sim().url, 'Cura', pinnedKey, { createdAt: Date.now() - DAY }),
      octoprintKey(site().origin, 'Cura', elsewhere.cura),
      octoprintKey(site().origin, 'Slicer', elsewhere.slicer),
    ]);

    // Elsewhere (no OctoPrint tab), nothing is pinned.
    const plain = await Popup.open(driver());
    await plain.tab.waitFor(plain.row('OctoPrint', 'Slicer'));
    expect((await plain.listHeadings()).some((h) => h.startsWith('On this page'))).toBe(false);
    await plain.close();

    const octoprint = await OctoPrintTab.openAsAdmin(driver(), sim());
    const popup = await Popup.open(driver(), octoprint.tab);
    const pinnedHeading = `On this page: ${host(sim().url)}`;
    await popup.tab.waitFor({ role: 'heading', name: pinnedHeading, exact: true });
    const pinnedLabel = `OctoPrint · Cura · ${host(sim().url)}`;
    expect((await popup.listHeadings())[0]).toBe(pinnedHeading);
    expect((await popup.rowNames())[0]).toBe(pinnedLabel);
    // Keys exist for this server: the Get-key form waits behind "Get a new key", the keys come first.
    await popup.tab.waitFor(within(Popup.detected, { role: 'button', name: 'Get a new key', exact: true }));
    await expect(popup.tab.count(Popup.getKeyForm)).resolves.toBe(0);

    await popup.button(`Copy ${pinnedLabel}`, [], true);
    await popup.see('Key copied.');
    await expect(driver().readClipboard()).resolves.toBe(pinnedKey);
    // The key works on the server this page is on.
    const status = await fetch(`${sim().url}/api/version`, { headers: { 'X-Api-Key': await driver().readClipboard() } }).then((r) => r.status);
    expect(status).toBe(200);
    await popup.close();

    // Enter in the search box copies the first match: the pinned key, although the other Cura is newer.
    await driver().writeClipboard('');
    const again = await Popup.open(driver(), octoprint.tab);
    await again.tab.waitFor({ role: 'heading', name: pinnedHeading, exact: true });
    await again.tab.press('cura');
    await again.see('Showing 2 of 3 keys');
    await again.tab.press('\n');
    await again.see('Key copied.');
    await expect(driver().readClipboard()).resolves.toBe(pinnedKey);
    await again.close();
    await octoprint.close();
  });

  test('keys near expiry: the banner counts them, filters the list to them, and times read “expires tomorrow”', async () => {
    const now = Date.now();
    await seedVault(driver(), [
      octoprintKey(site().origin, 'Gone yesterday', hex(), { expiresAt: now - DAY }),
      octoprintKey(site().origin, 'Due tomorrow', hex(), { expiresAt: now + DAY }),
      octoprintKey(site().origin, 'Due in three days', hex(), { expiresAt: now + 3 * DAY }),
      octoprintKey(site().origin, 'Due in two months', hex(), { expiresAt: now + 60 * DAY }),
      octoprintKey(site().origin, 'Never expires', hex()),
    ]);

    const popup = await Popup.open(driver());
    // The default warning window is 7 days: one expired, two within it; the others are fine.
    await popup.see('1 key has expired. Expired keys are kept until you delete them. 2 keys expire within 7 days.');
    await expect(popup.rowsShown()).resolves.toBe(5);
    await popup.see('expires tomorrow', popup.row('OctoPrint', 'Due tomorrow'));
    await popup.see('expires in 3 days', popup.row('OctoPrint', 'Due in three days'));
    await popup.see('expired', popup.row('OctoPrint', 'Gone yesterday'));
    // Expiring keys come first, soonest first, under their own heading.
    expect((await popup.listHeadings())[0]).toBe('Expiring or expired');
    expect((await popup.rowNames()).slice(0, 3).map((name) => name.split(' · ')[1])).toEqual(['Gone yesterday', 'Due tomorrow', 'Due in three days']);
    // A key two months away has no chip.
    await expect(popup.tab.text(popup.row('OctoPrint', 'Due in two months'))).resolves.not.toContain('expires');

    await popup.button('Show these keys', [], true);
    await popup.see('Showing keys expiring or expired');
    await expect.poll(() => popup.rowsShown()).toBe(3);
    expect((await popup.rowNames()).map((name) => name.split(' · ')[1])).toEqual(['Gone yesterday', 'Due tomorrow', 'Due in three days']);

    // The expanded row says it too, with the date in its tooltip.
    const row = popup.row('OctoPrint', 'Due tomorrow');
    await popup.expand(row);
    await popup.see('expires tomorrow', Popup.details(row));

    await popup.button('Show all', [], true);
    await expect.poll(() => popup.rowsShown()).toBe(5);
    await popup.tab.waitFor(popup.row('OctoPrint', 'Never expires'));
    await popup.close();
  });
});
