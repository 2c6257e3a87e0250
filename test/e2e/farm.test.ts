import { describe, expect, test } from 'vitest';
import { startOctoPrintSim, type OctoPrintSim } from '../sim/octoprint';
import { BROWSERS, useDriver, useStarted } from './driver';
import { allowInApprovalPage, FarmPage } from './pages/farm';
import { Popup } from './pages/popup';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const APP = 'FDM Monster';
const SERVERS = 10;

/** Ten simulated OctoPrint servers on loopback (the test build may reach 127.0.0.1 on any port). */
async function startFarm(): Promise<{ sims: OctoPrintSim[]; close(): Promise<void> }> {
  const sims = await Promise.all(Array.from({ length: SERVERS }, () => startOctoPrintSim()));
  return { sims, close: async () => void (await Promise.all(sims.map((sim) => sim.close()))) };
}

// A farm of ten servers through the farm view in both browsers: paste them, Get keys, then for each
// row Open → log in to OctoPrint → Allow, as the user does; every row ends Verified and the vault
// holds exactly the ten keys OctoPrint issued, listed in the farm's key list.
describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const farm = useStarted('ten OctoPrint simulators', startFarm);

  test('ten servers: Get keys, Open and Allow in each, every row Verified, the keys listed with Select all', async () => {
    const { sims } = farm();
    const popup = await Popup.open(driver());
    const page = await FarmPage.open(driver(), popup);
    await popup.close();

    // A line the farm cannot use is named before anything is sent; the rest go.
    await page.getKeys([...sims.map((sim) => sim.url), 'ftp://not-a-printer.local'], APP);
    await page.see('“ftp://not-a-printer.local”: The server address must start with http:// or https://.', FarmPage.input);
    await page.see('Keys for FDM Monster', FarmPage.rows);

    for (const sim of sims) {
      await page.waitForState(sim.url, 'Waiting for Allow');
      const approval = await page.openFor(sim.url);
      await allowInApprovalPage(approval, sim);
      await approval.close();
      // As the user sees it land (the row grows with its findings, moving the rows below it).
      await page.waitForState(sim.url, 'Verified');
      await page.see('Works as admin on OctoPrint 1.11.8.', page.row(sim.url));
      await page.see('CORS is off', page.row(sim.url));
    }
    await page.see(`${SERVERS} of ${SERVERS} done · ${SERVERS} with a key`, FarmPage.rows);

    // One request per server, and the vault holds exactly what each OctoPrint issued for the app.
    for (const sim of sims) {
      expect(sim.requestLog.filter((r) => r.method === 'POST' && r.path.endsWith('/plugin/appkeys/request'))).toHaveLength(1);
      expect(sim.keys().filter((k) => k.appId === APP)).toHaveLength(1);
    }
    const stored = await driver().extension(async () => (await chrome.storage.local.get('vault')).vault.credentials.map((c: { serviceUrl: string; app: string; keyTail: string }) => [c.serviceUrl, c.app, c.keyTail]));
    expect(stored.map(([url]: string[]) => url).sort()).toEqual(sims.map((sim) => sim.url).sort());
    for (const sim of sims) {
      const issued = sim.keys().find((k) => k.appId === APP)!;
      expect(stored).toContainEqual([sim.url, APP, issued.apiKey.slice(-4)]);
    }

    // The farm's key list shows each, and Select all selects the ten.
    for (const sim of sims) await page.see(`${sim.url} · ${APP} · admin · …${sim.keys().find((k) => k.appId === APP)!.apiKey.slice(-4)}`, FarmPage.keys);
    await page.selectAllKeys();
    await page.see(`${SERVERS} of ${SERVERS} selected`, FarmPage.keys);
    await page.selectKey(sims[0]!.url);
    await page.see(`${SERVERS - 1} of ${SERVERS} selected`, FarmPage.keys);

    // The farm lives in the background: a page opened again shows the same rows.
    await page.tab.reload();
    for (const sim of sims) await page.waitForState(sim.url, 'Verified');
    await page.close();
  });
});
