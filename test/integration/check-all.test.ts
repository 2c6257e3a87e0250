// Check all as the popup drives it: the real handler (vault.checkAll) → background/check-all.ts → the
// OctoPrint provider's verify → real HTTP → the OctoPrint simulator; one server is gone (closed port).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOctoPrintSim } from '../sim/octoprint/index';
import type { OctoPrintSim } from '../sim/octoprint/types';
import { createAccountRig, type AccountRig } from './support/account-rig';
import { generateAppKey } from './support/sim-api';

let sim: OctoPrintSim;
let rig: AccountRig;
beforeEach(async () => {
  sim = await startOctoPrintSim();
  rig = createAccountRig({ now: Date.now });
});
afterEach(async () => sim.close());

const store = (serviceUrl: string, app: string, apiKey: string) =>
  rig.vault.add({ provider: 'octoprint', serviceUrl, app, secrets: { apiKey }, source: 'manual', createdAt: Date.now() });

describe('check all against OctoPrint', () => {
  it('says which keys work, which OctoPrint refuses and whose server is gone, and records each verification', async () => {
    const admin = sim.users.admin.apiKey;
    const working = [];
    for (const app of ['Cura', 'OctoFarm', 'Home Assistant', 'Slicer', 'Spoolman']) working.push(await store(sim.url, app, await generateAppKey(sim, admin, app)));
    const revoked = await store(sim.url, 'Old app', await generateAppKey(sim, admin, 'Old app'));
    await fetch(`${sim.url}/api/plugin/appkeys`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': admin },
      body: JSON.stringify({ command: 'revoke', app: 'Old app' }),
    }).then((r) => r.arrayBuffer());
    const gone = await startOctoPrintSim();
    const goneUrl = gone.url;
    await gone.close();
    const unreachable = await store(goneUrl, 'Cura', 'U'.repeat(43));
    const versionChecks = () => sim.requestLog.filter((e) => e.path === '/api/version').length;
    const before = versionChecks();

    const { checked } = await rig.send('vault.checkAll', {});

    const outcome = new Map(checked.map((c) => [c.id, c]));
    for (const entry of working) expect(outcome.get(entry.id)).toMatchObject({ outcome: 'working', message: expect.stringMatching(/^Works as admin on OctoPrint /) });
    expect(outcome.get(revoked.id)).toMatchObject({ outcome: 'refused', message: expect.stringMatching(/OctoPrint rejects this key \(403\)/) });
    expect(outcome.get(unreachable.id)).toMatchObject({ outcome: 'unreachable', message: expect.stringMatching(/The key was not checked\.$/) });
    // Every key on the live server asked about once.
    expect(versionChecks() - before).toBe(6);
    const entries = new Map((await rig.vault.list()).map((e) => [e.id, e]));
    for (const entry of working) expect(entries.get(entry.id)).toMatchObject({ user: 'admin', verification: { ok: true } });
    expect(entries.get(revoked.id)!.verification).toMatchObject({ ok: false });
    expect(entries.get(unreachable.id)!.verification).toBeUndefined();
    // Nothing the popup receives carries a key.
    const answer = JSON.stringify(checked);
    for (const entry of await rig.vault.all()) expect(answer).not.toContain(entry.secrets.apiKey);
  });

  it('while locked it asks no server anything and answers `locked`', async () => {
    await store(sim.url, 'Cura', await generateAppKey(sim, sim.users.admin.apiKey, 'Cura'));
    // The rig's vault is test-vault's: its lock rides along on it.
    const lock = (rig.vault as unknown as { lock: { set(p: string): Promise<void>; lockNow(): Promise<void> } }).lock;
    await lock.set('correct horse battery');
    await lock.lockNow();
    const before = sim.requestLog.length;
    await expect(rig.send('vault.checkAll', {})).rejects.toMatchObject({ code: 'locked' });
    expect(sim.requestLog.length).toBe(before);
  });
});
