// "Send to FDM Monster" as the popup drives it: the real background handlers (fdm.send, vault.add) →
// the vault → the FDM Monster provider → the REAL FDM Monster 2.1.1 (test/fdm-monster/server.ts, loopback
// only), with the project's OctoPrint simulator on other loopback addresses as the printers. FDM Monster
// checks each key with the printer itself: its verdicts are what these tests read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { octoprint } from '../../src/providers/octoprint';
import type { Credential } from '../../src/shared/credential';
import type { FdmSendResult } from '../../src/shared/messages';
import { startFdmMonster, type FdmMonster } from '../fdm-monster/server';
import { startOctoPrintSim } from '../sim/octoprint/index';
import type { OctoPrintSim } from '../sim/octoprint/types';
import { createAccountRig, expectKeyDeckError, type AccountRig } from './support/account-rig';
import { keyApprovedBy } from './support/sim-api';

let fdm: FdmMonster;
let rig: AccountRig;
let targetId: string;
const sims: OctoPrintSim[] = [];

beforeAll(async () => {
  fdm = await startFdmMonster();
  rig = createAccountRig({ now: () => Date.now() });
  // The user pasted FDM Monster's OPERATOR key by hand (manual entry, provider FDM Monster).
  const { credential } = await rig.send('vault.add', { provider: 'fdm-monster', serviceUrl: fdm.url, app: 'KeyDeck', apiKey: fdm.operatorKey.token });
  targetId = credential.id;
}, 120_000);
afterAll(async () => {
  for (const sim of sims.splice(0)) await sim.close();
  await fdm?.close();
});

let lastHost = 40;
/** An OctoPrint on its own loopback address, its admin in Admins and Operator. */
async function printer(): Promise<OctoPrintSim> {
  const sim = await startOctoPrintSim({ host: `127.0.0.${++lastHost}` });
  sim.setGroups('admin', ['admins', 'users']);
  sims.push(sim);
  return sim;
}

/** An Application Key for FDM Monster, approved in OctoPrint, verified by KeyDeck and in its vault. */
async function heldKey(sim: OctoPrintSim, app = 'FDM Monster'): Promise<{ id: string; apiKey: string }> {
  const apiKey = await keyApprovedBy(sim, app, 'admin');
  const credential: Omit<Credential, 'id'> = { provider: 'octoprint', serviceUrl: sim.url, app, secrets: { apiKey }, source: 'workflow', createdAt: Date.now() };
  const { verification, user } = await octoprint.verify!({ ...credential, id: 'new' }, rig.ctx);
  const entry = await rig.vault.add({ ...credential, verification, ...(user ? { user } : {}) });
  return { id: entry.id, apiKey };
}

const send = (credentialIds: string[], forceSave?: boolean) => rig.send('fdm.send', { targetId, credentialIds, ...(forceSave ? { forceSave } : {}) });

async function fdmPrinters(): Promise<{ id: number; name: string; printerURL: string; apiKey: string }[]> {
  const { status, json } = await fdm.api('GET', '/api/v2/printer');
  expect(status).toBe(200);
  return json as { id: number; name: string; printerURL: string; apiKey: string }[];
}

const statuses = (results: FdmSendResult[]) => results.map((r) => [r.credentialId, r.status]);

describe('fdm.send to the real FDM Monster', () => {
  it('several printers in one message: each is added after FDM Monster checked its key; FDM Monster then holds exactly them', async () => {
    const printers = await Promise.all([printer(), printer(), printer()]);
    const keys = await Promise.all(printers.map((sim) => heldKey(sim)));
    const { results } = await send(keys.map((k) => k.id));
    expect(results).toEqual(
      printers.map((sim, i) => ({
        credentialId: keys[i]!.id,
        status: 'created',
        message: `Printer ${new URL(sim.url).host} added, and FDM Monster checked the key with OctoPrint.`,
      })),
    );
    expect(JSON.stringify(results)).not.toContain(keys[0]!.apiKey); // FDM Monster's verdicts, never the keys
    const held = (await fdmPrinters()).map((p) => ({ printerURL: p.printerURL, apiKey: p.apiKey }));
    expect(held).toEqual(printers.map((sim, i) => ({ printerURL: sim.url, apiKey: keys[i]!.apiKey })));

    // Again: nothing changes; a new key for one of them replaces its key only.
    const newer = await heldKey(printers[1]!, 'FDM Monster (new key)');
    const again = await send([keys[0]!.id, newer.id]);
    expect(statuses(again.results)).toEqual([[keys[0]!.id, 'unchanged'], [newer.id, 'updated']]);
    expect((await fdmPrinters()).map((p) => p.apiKey)).toEqual([keys[0]!.apiKey, newer.apiKey, keys[2]!.apiKey]);
  });

  it('a key OctoPrint no longer accepts: FDM Monster’s 424 is that row’s verdict; the other key of the message still goes', async () => {
    const [revoked, fine] = await Promise.all([printer(), printer()]);
    const bad = await heldKey(revoked);
    const good = await heldKey(fine);
    await revokeInOctoPrint(revoked, bad.apiKey);
    const { results } = await send([bad.id, good.id]);
    expect(results).toEqual([
      {
        credentialId: bad.id,
        status: 'key-rejected',
        message: `FDM Monster asked OctoPrint at ${new URL(revoked.url).host}, and OctoPrint rejected this key (HTTP 403): revoked, or for another server. Nothing was saved.`,
      },
      expect.objectContaining({ credentialId: good.id, status: 'created' }),
    ]);
    const urls = (await fdmPrinters()).map((p) => p.printerURL);
    expect(urls).toContain(fine.url);
    expect(urls).not.toContain(revoked.url);
  });

  it('a printer FDM Monster cannot reach: unreachable with “save anyway”; forceSave then saves it unchecked', async () => {
    const sim = await printer();
    const key = await heldKey(sim);
    await sim.close(); // gone after KeyDeck verified the key
    const [unreachable] = (await send([key.id])).results;
    expect(unreachable).toMatchObject({ credentialId: key.id, status: 'unreachable', canForceSave: true, message: expect.stringContaining(`cannot reach ${sim.url} from its own host`) });
    expect((await fdmPrinters()).map((p) => p.printerURL)).not.toContain(sim.url);

    const [forced] = (await send([key.id], true)).results;
    expect(forced).toEqual({ credentialId: key.id, status: 'created', message: `Printer ${new URL(sim.url).host} added (saved without FDM Monster checking the key).` });
    expect(await fdmPrinters()).toContainEqual(expect.objectContaining({ printerURL: sim.url, apiKey: key.apiKey }));
  });

  it('keys KeyDeck will not send are refused per row, before FDM Monster sees them; an unknown id is said', async () => {
    const sim = await printer();
    const global = await rig.vault.add({ provider: 'octoprint', serviceUrl: sim.url, app: 'global', user: '_api', secrets: { apiKey: sim.globalKey! }, source: 'manual', createdAt: Date.now() });
    const before = (await fdmPrinters()).length;
    const { results } = await send([global.id, targetId, 'no-such-id']);
    expect(results).toEqual([
      { credentialId: global.id, status: 'refused', message: expect.stringMatching(/^This is OctoPrint’s global API key: FDM Monster refuses it\./) },
      { credentialId: targetId, status: 'refused', message: 'Only OctoPrint keys go to FDM Monster as printers. Not sent.' },
      { credentialId: 'no-such-id', status: 'failed', message: 'That key is no longer in KeyDeck.' },
    ]);
    expect((await fdmPrinters()).length).toBe(before);
  });

  it('the target must be an FDM Monster key that FDM Monster accepts', async () => {
    const sim = await printer();
    const key = await heldKey(sim);
    await expectKeyDeckError(rig.send('fdm.send', { targetId: key.id, credentialIds: [key.id] }), 'invalid-input', /not a key for FDM Monster/);

    const { credential: stale } = await rig.send('vault.add', { provider: 'fdm-monster', serviceUrl: fdm.url, app: 'Old key', apiKey: `fdmm_api_${'A'.repeat(43)}` });
    await expectKeyDeckError(rig.send('fdm.send', { targetId: stale.id, credentialIds: [key.id] }), 'forbidden', /does not accept this key/);
    expect((await fdmPrinters()).map((p) => p.printerURL)).not.toContain(sim.url);
  });

  it('while the vault is locked it answers `locked` and sends nothing; unlocked, the same message goes', async () => {
    const sim = await printer();
    const key = await heldKey(sim);
    await rig.send('lock.set', { passphrase: 'a long passphrase for the farm' });
    await rig.send('lock.lockNow', {});
    await expectKeyDeckError(send([key.id]), 'locked', /./);
    expect((await fdmPrinters()).map((p) => p.printerURL)).not.toContain(sim.url);
    await rig.send('lock.unlock', { passphrase: 'a long passphrase for the farm' });
    expect(statuses((await send([key.id])).results)).toEqual([[key.id, 'created']]);
  });
});

/** The person revokes the key in OctoPrint's settings (as admin). */
async function revokeInOctoPrint(sim: OctoPrintSim, key: string): Promise<void> {
  const response = await fetch(`${sim.url}/api/plugin/appkeys`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': sim.users.admin.apiKey },
    body: JSON.stringify({ command: 'revoke', key }),
  });
  expect(response.status).toBe(204);
}
