import { beforeAll, describe, expect, test } from 'vitest';
import installFdmMonster from '../fdm-monster/global-setup';
import { startFdmMonster, type FdmMonster } from '../fdm-monster/server';
import { keyWorks } from '../integration/support/sim-api';
import { startOctoPrintSim, type OctoPrintSim } from '../sim/octoprint';
import { BROWSERS, useDriver, useStarted } from './driver';
import { allowInApprovalPage, FarmPage } from './pages/farm';
import { Popup } from './pages/popup';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const APP = 'FDM Monster';
const SERVERS = 10;

/**
 * Ten simulated OctoPrint servers on loopback (the test build may reach 127.0.0.1 on any port), set up
 * as the farm managers' guides say: the user the keys are for is in Admins and Operator.
 */
async function startFarm(): Promise<{ sims: OctoPrintSim[]; close(): Promise<void> }> {
  const sims = await Promise.all(Array.from({ length: SERVERS }, () => startOctoPrintSim()));
  for (const sim of sims) sim.setGroups('admin', ['admins', 'users']);
  return { sims, close: async () => void (await Promise.all(sims.map((sim) => sim.close()))) };
}

type FdmPrinter = { id: number; printerURL: string; apiKey: string };

/** FDM Monster's own printer list, read with the admin's JWT: [printerURL, apiKey], sorted. */
async function fdmHolds(fdm: FdmMonster): Promise<string[][]> {
  const { status, json } = await fdm.api('GET', '/api/v2/printer');
  expect(status).toBe(200);
  return (json as FdmPrinter[]).map((p) => [p.printerURL, p.apiKey]).sort();
}

const issuedFor = (sim: OctoPrintSim, app = APP) => sim.keys().find((k) => k.appId === app)!.apiKey;

beforeAll(() => installFdmMonster(), 300_000); // returns at once when installed

// A farm of ten servers through the farm view in both browsers: paste them, Get keys, then for each
// row Open → log in to OctoPrint → Allow, as the user does; every row ends Verified and the vault
// holds exactly the ten keys OctoPrint issued, listed in the farm's key list. Then, with the farm
// page's own buttons: the keys go to the REAL FDM Monster (one per browser, its operator key pasted
// into KeyDeck with Add key), an OctoFarm printers.json is saved, and one key is rotated (Allow in
// its OctoPrint): FDM Monster ends with the new key for that printer, the other nine as they were.
describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const farm = useStarted('ten OctoPrint simulators', startFarm);
  const fdmMonster = useStarted<FdmMonster>('FDM Monster', startFdmMonster);

  test('ten servers: Get keys, Open and Allow in each, every row Verified; sent to FDM Monster, exported for OctoFarm, one key rotated', async () => {
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

    // (a) FDM Monster: its operator key pasted into KeyDeck (Add key, provider FDM Monster), then the
    // farm page's Send for all ten. FDM Monster checks each key with its OctoPrint before saving it.
    const fdm = fdmMonster();
    await page.see('KeyDeck holds no FDM Monster key yet.', FarmPage.fdmSend);
    const popup2 = await Popup.open(driver());
    await popup2.addKey({ provider: 'FDM Monster', serviceUrl: fdm.url, app: 'KeyDeck farm', apiKey: fdm.operatorKey.token });
    await popup2.see('Saved the key for KeyDeck farm.');
    await popup2.close();
    await page.selectAllKeys();
    await page.see(`${SERVERS} of ${SERVERS} selected`, FarmPage.keys);
    await page.sendToFdmMonster(SERVERS);
    await page.see(`FDM Monster holds ${SERVERS} of ${SERVERS} keys sent.`, FarmPage.fdmSend, 60_000);
    for (const sim of sims) {
      const host = new URL(sim.url).host;
      await page.see(`Printer ${host} added, and FDM Monster checked the key with OctoPrint.`, [FarmPage.fdmSend, { role: 'listitem', name: host, exact: true }]);
    }
    const sent = sims.map((sim) => [sim.url, issuedFor(sim)]).sort();
    expect(await fdmHolds(fdm)).toEqual(sent);

    // (b) OctoFarm's printers.json: before saving, the page says how many keys it holds in clear text
    // and, per printer, that OctoFarm takes only 32-character keys (OctoPrint 1.11 issues 43); the
    // file holds the ten printers with the keys OctoPrint issued.
    await page.prepareExport(SERVERS, 'printers.json');
    for (const sim of sims) await page.see(`${new URL(sim.url).host}: OctoFarm accepts only 32-character keys and this one has 43`, FarmPage.export);
    const file = await page.saveExport('printers.json');
    await page.see(`Saved printers.json with ${SERVERS} keys.`, FarmPage.export);
    expect(file.name).toBe('printers.json');
    const printers = JSON.parse(file.text) as { name: string; group: string; printerURL: string; cameraURL: string; apikey: string }[];
    expect(printers.map((p) => [p.printerURL, p.apikey]).sort()).toEqual(sent);
    for (const p of printers) expect(p).toEqual({ name: expect.any(String), group: expect.any(String), printerURL: p.printerURL, cameraURL: expect.any(String), apikey: p.apikey });

    // (c) Rotate one key: only that one selected, Rotate, Open OctoPrint from its row, Allow there.
    const rotated = sims[3]!;
    const oldKey = issuedFor(rotated);
    await page.selectAllKeys(); // all were selected: now none
    await page.see(`0 of ${SERVERS} selected`, FarmPage.keys);
    await page.selectKey(rotated.url);
    await page.see(`1 of ${SERVERS} selected`, FarmPage.keys);
    await page.see('Rotate 1 key', FarmPage.rotate);
    await page.button('Rotate 1 key', FarmPage.rotate, true);
    const host = new URL(rotated.url).host;
    await page.see(`Click Allow in OctoPrint at ${host} for “${APP} (rotated `, page.rotation(rotated.url));
    const approval = await page.openRotation(rotated.url);
    await allowInApprovalPage(approval, rotated);
    await approval.close();
    await page.see(`Done: OctoPrint at ${host} has the new key`, page.rotation(rotated.url), 60_000);
    await page.see(`FDM Monster at ${new URL(fdm.url).host} now uses the new key for`, page.rotation(rotated.url));

    const newApp = rotated.keys().map((k) => k.appId).find((app) => app.startsWith(`${APP} (rotated `))!;
    const newKey = issuedFor(rotated, newApp);
    expect(newKey).not.toBe(oldKey);
    // FDM Monster holds the new key for that printer, the nine others unchanged; the old key no longer works.
    expect(await fdmHolds(fdm)).toEqual(sent.map(([url, key]) => [url, url === rotated.url ? newKey : key]));
    expect(await keyWorks(rotated, newKey)).toBe(true);
    expect(await keyWorks(rotated, oldKey)).toBe(false);
    for (const sim of sims.filter((s) => s !== rotated)) expect(await keyWorks(sim, issuedFor(sim))).toBe(true);
    await page.close();
  }, 240_000);
});
