import { describe, expect, test } from 'vitest';
import { startOctoPrintSim } from '../sim/octoprint';
import { BROWSERS, useDriver, useStarted, within } from './driver';
import { OctoPrintTab } from './pages/octoprint-tab';
import { Popup } from './pages/popup';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// The heart of KeyDeck in both browsers against the OctoPrint simulator: ask for a key from the popup,
// click Allow in OctoPrint as the user, get a verified key, copy it, use it, revoke it, see it fail.
describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const sim = useStarted('the OctoPrint simulator', startOctoPrintSim);

  const apiVersionWith = (key: string) => fetch(`${sim().url}/api/version`, { headers: { 'X-Api-Key': key } }).then((r) => r.status);
  const keyRequests = (from = 0) => sim().requestLog.slice(from).filter((r) => r.method === 'POST' && r.path.endsWith('/plugin/appkeys/request'));

  test('get a key for an app, approve it in OctoPrint, copy it (then cleared), use it, revoke it', async () => {
    const octoprint = await OctoPrintTab.openAsAdmin(driver(), sim());
    const popup = await Popup.open(driver(), octoprint.tab);
    await popup.see(`This page looks like OctoPrint at ${sim().url}`);
    await popup.setClipboardDelay(5); // the minimum, so the clear can be waited for

    // App names outside 2–60 characters are refused before anything is sent.
    await popup.getKeyFor('X');
    await popup.see('The app name must be 2–60 characters.', Popup.getKeyForm);
    expect(sim().pending()).toHaveLength(0);

    await popup.getKeyFor('OctoFarm');
    const flow = popup.flow('OctoFarm', sim().url);
    await popup.see('Waiting for you to click Allow in OctoPrint', flow);
    await popup.see(/^(10:00|9:[0-5]\d) left$/, within(flow, { label: 'time left' }));

    // OctoPrint shows its notice; reopened on that tab, the popup says Allow is waiting there.
    await octoprint.waitForNotice('OctoFarm');
    const again = await Popup.open(driver(), octoprint.tab);
    await again.see('OctoPrint shows an Access Request for “OctoFarm” in this tab: click Allow there.');
    await again.close();

    // The user clicks Allow in OctoPrint. KeyDeck never does.
    await octoprint.allow('OctoFarm');
    await popup.tab.bringToFront();
    const row = popup.row('OctoPrint', 'OctoFarm');
    await popup.expand(row);
    await popup.see('✓ Works as admin on OctoPrint 1.11.8.', row);
    await popup.see('not in Operator', row);
    await popup.see('CORS is off', row);
    await popup.see('Works as admin on OctoPrint 1.11.8.', flow);

    // Exactly one request was made, and no key ever travelled in a URL.
    expect(keyRequests()).toHaveLength(1);
    expect(sim().requestLog.some((r) => /apikey=/i.test(r.path))).toBe(false);
    const [issued] = sim().keys().filter((k) => k.appId === 'OctoFarm');
    expect(issued).toBeDefined();

    await popup.rowAction(row, 'Reveal');
    await expect.poll(() => popup.keyShown(row)).toBe(issued!.apiKey);

    // Copy it and use what the clipboard holds, as the user pasting it into another app would.
    await popup.button('Copy OctoPrint · OctoFarm', row);
    await popup.see('Key copied. The clipboard will be cleared in 5 s.');
    const pasted = await driver().readClipboard();
    expect(pasted).toBe(issued!.apiKey);
    await expect(apiVersionWith(pasted)).resolves.toBe(200);
    // The OctoPrint page itself never saw the key.
    await expect(octoprint.html()).resolves.not.toContain(issued!.apiKey);
    await expect.poll(() => driver().readClipboard(), { timeout: 15_000, interval: 500 }).toBe('');

    await popup.rowAction(row, 'Revoke on server');
    await popup.button('Revoke on server', row, true);
    await popup.see('Revoked the key for OctoFarm on the server and removed it.');
    await expect(apiVersionWith(issued!.apiKey)).resolves.toBe(403);
    await expect(popup.tab.count(row)).resolves.toBe(0);
    await octoprint.close();
    await popup.close();
  });

  test('deny in OctoPrint says what happened and stores nothing', async () => {
    const octoprint = await OctoPrintTab.openAsAdmin(driver(), sim());
    const popup = await Popup.open(driver(), octoprint.tab);
    await popup.getKeyFor('Cura');
    await octoprint.deny('Cura');
    await popup.see('it was denied, or it timed out before anyone clicked Allow');
    await expect(popup.tab.count(popup.row('OctoPrint', 'Cura'))).resolves.toBe(0);
    const vault = await driver().extension(async () => JSON.stringify(await chrome.storage.local.get('vault')));
    expect(vault).not.toContain('Cura');
    await octoprint.close();
    await popup.close();
  });

  test('a background stopped while waiting for Allow picks the request up again and completes it', async () => {
    const octoprint = await OctoPrintTab.openAsAdmin(driver(), sim());
    const popup = await Popup.open(driver(), octoprint.tab);
    const before = sim().requestLog.length;
    await popup.getKeyFor('Home Assistant');
    await octoprint.waitForNotice('Home Assistant');

    // Unload the background as the browser does when idle (Chromium: the service worker is stopped;
    // Firefox: the event page is terminated, as its idle timer does). Resolves once it is stopped.
    await driver().stopBackground();
    await popup.tab.reload();
    await popup.see('Waiting for you', popup.flow('Home Assistant', sim().url));

    await octoprint.allow('Home Assistant');
    await popup.expand(popup.row('OctoPrint', 'Home Assistant'));
    await popup.see('✓ Works as admin', popup.row('OctoPrint', 'Home Assistant'));
    // Still one request: the new background carried on polling the old one, from storage.session.
    expect(keyRequests(before)).toHaveLength(1);
    await octoprint.close();
    await popup.close();
  });

  test('a server without the Application Keys plugin leads to manual entry, pre-filled, and that key is verified', async () => {
    const old = await startOctoPrintSim({ pluginEnabled: false });
    try {
      const octoprint = await OctoPrintTab.openAsAdmin(driver(), old);
      const popup = await Popup.open(driver(), octoprint.tab);
      await popup.getKeyFor('PrusaSlicer');
      const flow = popup.flow('PrusaSlicer', old.url);
      await popup.see('has no Application Keys plugin', flow);
      await popup.button('Add key by hand', flow);

      const manual = Popup.addForm;
      await expect(popup.tab.value([manual, { label: 'Server URL' }])).resolves.toBe(old.url);
      await expect(popup.tab.value([manual, { label: 'App name' }])).resolves.toBe('PrusaSlicer');
      await popup.tab.fill([manual, { label: 'API key' }], old.users.bob.apiKey); // copied from OctoPrint's user settings
      await popup.button('Save', manual, true);
      const row = popup.row('OctoPrint', 'PrusaSlicer');
      await popup.expand(row);
      await popup.see('✓ Works as bob on OctoPrint 1.11.8.', row);
      await popup.see('not in Admins', row);
      await octoprint.close();
      await popup.close();
    } finally {
      await old.close();
    }
  });
});
