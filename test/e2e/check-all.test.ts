import { beforeEach, describe, expect, test } from 'vitest';
import { startOctoPrintSim, type OctoPrintSim } from '../sim/octoprint';
import { BROWSERS, useDriver, useStarted, within } from './driver';
import { Popup } from './pages/popup';
import { octoprintKey, seedVault } from './support/seed';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// "Check all keys" through the real popup, in both browsers, against OctoPrint simulators: one key
// the server accepts, one revoked there, one on a server that has stopped. The summary counts each,
// and clicking a count filters the list to those keys.

/** OctoPrint's Application Keys API, as its admin uses it: generate a key for an app, or revoke one. */
async function appKeys(sim: OctoPrintSim, body: object): Promise<{ api_key?: string }> {
  const response = await fetch(`${sim.url}/api/plugin/appkeys`, {
    method: 'POST',
    headers: { 'X-Api-Key': sim.users.admin.apiKey!, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`appkeys ${JSON.stringify(body)}: ${response.status}`);
  return response.status === 204 ? {} : ((await response.json().catch(() => ({}))) as { api_key?: string });
}
const status = (sim: OctoPrintSim, key: string) => fetch(`${sim.url}/api/version`, { headers: { 'X-Api-Key': key } }).then((r) => r.status);

describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const sim = useStarted('the OctoPrint simulator', startOctoPrintSim);
  beforeEach(async () => {
    await driver().extension(() => chrome.storage.local.remove(['vault', 'vaultIndex']));
  });

  test('Check all: one key works, one was revoked, one server is down; each count filters the list', async () => {
    const working = (await appKeys(sim(), { command: 'generate', app: 'Working app' })).api_key!;
    const revoked = (await appKeys(sim(), { command: 'generate', app: 'Revoked app' })).api_key!;
    await appKeys(sim(), { command: 'revoke', key: revoked });
    expect([await status(sim(), working), await status(sim(), revoked)]).toEqual([200, 403]);
    const stopped = await startOctoPrintSim();
    const stoppedUrl = stopped.url;
    const stoppedKey = stopped.users.admin.apiKey!;
    await stopped.close();

    await seedVault(driver(), [
      octoprintKey(sim().url, 'Working app', working),
      octoprintKey(sim().url, 'Revoked app', revoked),
      octoprintKey(stoppedUrl, 'Stopped server', stoppedKey),
    ]);

    const popup = await Popup.open(driver());
    await popup.tab.waitFor(popup.row('OctoPrint', 'Stopped server'));
    const checkedBefore = sim().requestLog.length;
    await popup.button('Check all keys', Popup.checkAll, true);
    await popup.see('Checked 3 of 3 keys.', Popup.checkAll);
    // Each key was put to its server: both on the running one (the stopped one cannot log anything).
    const asked = sim().requestLog.slice(checkedBefore).map((r) => r.headers['x-api-key']);
    expect(asked).toEqual(expect.arrayContaining([working, revoked]));

    const count = (text: string) => within(Popup.checkAll, { role: 'button', name: text, exact: true });
    for (const text of ['1 working', '1 refused', '1 unreachable']) await popup.tab.waitFor(count(text));
    await expect(popup.tab.count(within(Popup.checkAll, { role: 'button', name: 'expiring' }))).resolves.toBe(0);

    const appsShown = async () => (await popup.rowNames()).map((name) => name.split(' · ')[1]);
    await popup.click(count('1 refused'));
    await popup.see('Showing Keys their server refused (revoked, or not valid there)');
    await expect.poll(() => popup.rowsShown()).toBe(1);
    expect(await appsShown()).toEqual(['Revoked app']);
    await popup.see('✗ fails', popup.row('OctoPrint', 'Revoked app'));

    await popup.button('Show all', [], true);
    await expect.poll(() => popup.rowsShown()).toBe(3);
    await popup.click(count('1 unreachable'));
    await popup.see('Showing Keys whose server could not be reached');
    await expect.poll(appsShown).toEqual(['Stopped server']);

    await popup.button('Show all', [], true);
    await popup.click(count('1 working'));
    await popup.see('Showing Keys their server accepts');
    await expect.poll(appsShown).toEqual(['Working app']);
    // What the check found is kept on the key: its row says so when opened.
    const row = popup.row('OctoPrint', 'Working app');
    await popup.expand(row);
    await popup.see('✓ Works as admin', Popup.details(row));
    await popup.tab.waitFor(within(Popup.checkAll, { role: 'button', name: 'Check all again', exact: true }));
    await popup.close();
  });
});
