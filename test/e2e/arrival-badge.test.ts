import { describe, expect, test } from 'vitest';
import { startOctoPrintSim } from '../sim/octoprint';
import { BROWSERS, useDriver, useStarted } from './driver';
import { OctoPrintTab } from './pages/octoprint-tab';
import { Popup } from './pages/popup';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// The real popup closes when the user clicks into OctoPrint to Allow: the toolbar button then says a
// key arrived — on the OctoPrint tab too, whose own "OP" badge would hide the global one — until
// KeyDeck is opened again.
describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const sim = useStarted('the OctoPrint simulator', startOctoPrintSim);

  /** The global badge and the OctoPrint tab's, as the toolbar shows them. */
  const badges = () =>
    driver().extension(async (serverUrl: string) => {
      const [tab] = (await chrome.tabs.query({})).filter((t: { url?: string }) => t.url?.startsWith(serverUrl));
      return { global: await chrome.action.getBadgeText({}), tab: await chrome.action.getBadgeText({ tabId: tab.id }) };
    }, sim().url);

  test('a key allowed in OctoPrint after the popup closed is counted on the toolbar until KeyDeck opens', async () => {
    const octoprint = await OctoPrintTab.openAsAdmin(driver(), sim());
    const popup = await Popup.open(driver(), octoprint.tab);
    await popup.getKeyFor('Badge app');
    await popup.see('Waiting for you to click Allow in OctoPrint', popup.flow('Badge app', sim().url));
    await popup.close();
    await expect.poll(badges, { timeout: 10_000 }).toEqual({ global: '', tab: 'OP' });

    await octoprint.waitForNotice('Badge app');
    await octoprint.allow('Badge app'); // OctoPrint's tab in front: KeyDeck is not in view
    await expect.poll(badges, { timeout: 15_000 }).toEqual({ global: '1', tab: '1' });

    const again = await Popup.open(driver(), octoprint.tab);
    await again.tab.waitFor(again.row('OctoPrint', 'Badge app'));
    await expect.poll(badges, { timeout: 10_000 }).toEqual({ global: '', tab: 'OP' });
    await again.close();
  });
});
