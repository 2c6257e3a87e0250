// OctoPrint keys sent to the REAL FDM Monster 2.1.1 (test/fdm-monster/server.ts starts it on 127.0.0.1,
// loopback only) through the FDM Monster provider, with the project's OctoPrint simulator on other
// loopback addresses as the printers. FDM Monster checks each key itself (GET <printerURL>/api/version):
// its verdicts are what these tests read. If FDM Monster cannot start, every test here fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fdmMonster } from '../../src/providers/fdm-monster';
import { sendToFdmMonster, type SendResult } from '../../src/providers/fdm-monster/send';
import { octoprint } from '../../src/providers/octoprint';
import type { Credential } from '../../src/shared/credential';
import { startFdmMonster, type FdmMonster } from '../fdm-monster/server';
import { startOctoPrintSim } from '../sim/octoprint/index';
import type { OctoPrintSim, SeedUserName } from '../sim/octoprint/types';
import { createProviderContext } from './support/provider-context';
import { keyApprovedBy } from './support/sim-api';
import { sleep } from './support/wait';

const ctx = createProviderContext({ now: () => Date.now() });
let fdm: FdmMonster;
const sims: OctoPrintSim[] = [];
/** What KeyDeck sent and FDM Monster saved, by printerURL: the final list must equal it. */
const saved = new Map<string, { name: string; apiKey: string }>();

beforeAll(async () => {
  fdm = await startFdmMonster();
}, 120_000);
afterAll(async () => {
  for (const sim of sims.splice(0)) await sim.close();
  await fdm?.close();
});

let lastHost = 1;
/** An OctoPrint on its own loopback address (127.0.0.2, .3, …), its admin in Admins and Operator. */
async function printer(): Promise<OctoPrintSim> {
  const sim = await startOctoPrintSim({ host: `127.0.0.${++lastHost}` });
  sim.setGroups('admin', ['admins', 'users']);
  sims.push(sim);
  return sim;
}

/** The key as KeyDeck holds it after the Application Keys flow: verified by the OctoPrint provider. */
async function heldKey(sim: OctoPrintSim, apiKey: string): Promise<Credential> {
  const credential: Credential = { id: `c-${apiKey.slice(0, 6)}`, provider: 'octoprint', serviceUrl: sim.url, app: 'FDM Monster', secrets: { apiKey }, source: 'workflow', createdAt: Date.now() };
  const { verification, user } = await octoprint.verify!(credential, ctx);
  return { ...credential, verification, ...(user ? { user } : {}) };
}

async function appKey(sim: OctoPrintSim, asUser: SeedUserName = 'admin'): Promise<Credential> {
  return heldKey(sim, await keyApprovedBy(sim, 'FDM Monster', asUser));
}

const target = () => ({ serverUrl: fdm.url, token: fdm.operatorKey.token });
const send = (credential: Credential, name?: string, forceSave = false) =>
  sendToFdmMonster(ctx.http, target(), { credential, ...(name ? { name } : {}) }, { forceSave });

async function fdmPrinters(): Promise<{ id: number; name: string; printerURL: string; apiKey: string }[]> {
  const { status, json } = await fdm.api('GET', '/api/v2/printer');
  expect(status).toBe(200);
  return json as { id: number; name: string; printerURL: string; apiKey: string }[];
}

/**
 * FDM Monster's own checks of a key: GET /api/version at the printer carrying it, from log entry `from`
 * on (sending, KeyDeck itself asks the printer nothing: what arrives then is FDM Monster's).
 */
const checkedBy = (sim: OctoPrintSim, key: string, from: number) =>
  sim.requestLog.slice(from).filter((e) => e.method === 'GET' && e.path === '/api/version' && e.headers['x-api-key'] === key);

function expectStatus<S extends SendResult['status']>(result: SendResult, status: S): SendResult & { status: S } {
  expect(result, result.message).toMatchObject({ status });
  return result as SendResult & { status: S };
}

describe('sending OctoPrint keys to the real FDM Monster', () => {
  it('adds a printer with a valid Application Key, after FDM Monster checked the key with OctoPrint itself', async () => {
    const sim = await printer();
    const credential = await appKey(sim);
    const from = sim.requestLog.length;
    const result = expectStatus(await send(credential, 'Prusa 1'), 'created');
    expect(result.message).toBe('Printer Prusa 1 added, and FDM Monster checked the key with OctoPrint.');
    expect(checkedBy(sim, credential.secrets.apiKey!, from)).not.toEqual([]);
    expect(await fdmPrinters()).toContainEqual(expect.objectContaining({ id: result.printerId, name: 'Prusa 1', printerURL: sim.url, apiKey: credential.secrets.apiKey }));
    saved.set(sim.url, { name: 'Prusa 1', apiKey: credential.secrets.apiKey! });
    // Then FDM Monster connects as real OctoPrint showed it: passive login with the key, and the push
    // socket logged in as that key's user with the session the login handed out.
    expect(await pushSocketUser(sim)).toBe('admin');
  });

  it('a key OctoPrint no longer accepts: FDM Monster answers 424 "Authentication failed" and saves nothing', async () => {
    const sim = await printer();
    const credential = await appKey(sim);
    await revokeInOctoPrint(sim, credential.secrets.apiKey!);
    const from = sim.requestLog.length;
    const result = expectStatus(await send(credential, 'Prusa 2'), 'key-rejected');
    expect(result.message).toBe(`FDM Monster asked OctoPrint at ${new URL(sim.url).host}, and OctoPrint rejected this key (HTTP 403): revoked, or for another server. Nothing was saved.`);
    expect(checkedBy(sim, credential.secrets.apiKey!, from)).not.toEqual([]);
    expect((await fdmPrinters()).map((p) => p.printerURL)).not.toContain(sim.url);
  });

  it('a printer FDM Monster cannot reach: 424, nothing saved, and "save anyway" (forceSave) saves it unchecked', async () => {
    const sim = await printer();
    const credential = await appKey(sim);
    const later = await heldKey(sim, await keyApprovedBy(sim, 'FDM Monster (new key)', 'admin'));
    await sim.close(); // the OctoPrint went away after KeyDeck verified its keys
    const result = expectStatus(await send(credential, 'Offline one'), 'unreachable');
    expect(result.canForceSave).toBe(true);
    expect(result.message).toMatch(new RegExp(`^FDM Monster at 127\\.0\\.0\\.1:\\d+ cannot reach ${sim.url.replace(/\./g, '\\.')} from its own host \\(Reaching Printer service failed without status \\(code ECONNREFUSED\\)\\)\\.`));
    expect((await fdmPrinters()).map((p) => p.printerURL)).not.toContain(sim.url);

    const forced = expectStatus(await send(credential, 'Offline one', true), 'created');
    expect(forced.message).toBe('Printer Offline one added (saved without FDM Monster checking the key).');
    expect(await fdmPrinters()).toContainEqual(expect.objectContaining({ name: 'Offline one', printerURL: sim.url, apiKey: credential.secrets.apiKey }));

    // A new key for it: FDM Monster re-checks on update (424 again), and "save anyway" updates it unchecked.
    expectStatus(await send(later), 'unreachable');
    const forcedUpdate = expectStatus(await send(later, undefined, true), 'updated');
    expect(forcedUpdate).toMatchObject({ printerId: forced.printerId, message: 'Key updated for Offline one (saved without FDM Monster checking the key).' });
    saved.set(sim.url, { name: 'Offline one', apiKey: later.secrets.apiKey! });
  });

  it('a printer FDM Monster already has: only its key changes (same id, same name), checked by FDM Monster; sending it again changes nothing', async () => {
    const sim = await printer();
    const first = await appKey(sim);
    const created = expectStatus(await send(first, 'Voron'), 'created');
    const second = await heldKey(sim, await keyApprovedBy(sim, 'FDM Monster (new key)', 'admin'));
    const count = (await fdmPrinters()).length;
    const from = sim.requestLog.length;

    const updated = expectStatus(await send(second, 'Another name'), 'updated');
    expect(updated.printerId).toBe(created.printerId);
    expect(updated.message).toBe('Key updated for Voron, and FDM Monster checked the key with OctoPrint.');
    expect(checkedBy(sim, second.secrets.apiKey!, from)).not.toEqual([]);
    const after = await fdmPrinters();
    expect(after.length).toBe(count);
    expect(after.filter((p) => p.printerURL === sim.url)).toEqual([expect.objectContaining({ id: created.printerId, name: 'Voron', apiKey: second.secrets.apiKey })]);

    expectStatus(await send(second), 'unchanged');
    saved.set(sim.url, { name: 'Voron', apiKey: second.secrets.apiKey! });
  });

  it('OctoPrint’s global API key is refused before anything is sent', async () => {
    const sim = await printer();
    const credential = await heldKey(sim, sim.globalKey!);
    expect(credential.user).toBe('_api');
    const listed = (await fdmPrinters()).length;
    const from = sim.requestLog.length;
    const result = expectStatus(await send(credential, 'Global'), 'refused');
    expect(result.message).toMatch(/^This is OctoPrint’s global API key: FDM Monster refuses it\./);
    expect(sim.requestLog.slice(from)).toEqual([]); // FDM Monster never saw it
    expect((await fdmPrinters()).length).toBe(listed);
  });

  it('a key whose user is not in both Admins and Operator is refused before anything is sent', async () => {
    const sim = await printer();
    const credential = await appKey(sim, 'bob'); // bob is in Operator only
    const result = expectStatus(await send(credential, 'Bob'), 'refused');
    expect(result.message).toBe('User bob is not in Admins: farm managers such as OctoFarm and FDM Monster need both Admins and Operator. Not sent to FDM Monster.');
    expect((await fdmPrinters()).map((p) => p.printerURL)).not.toContain(sim.url);
  });

  it('FDM Monster ends with exactly the printers and keys it accepted', async () => {
    const listed = (await fdmPrinters()).map((p) => [p.printerURL, { name: p.name, apiKey: p.apiKey }] as const);
    expect(new Map(listed)).toEqual(saved);
    expect(listed.length).toBe(saved.size);
  });
});

describe('FDM Monster’s own API keys as KeyDeck credentials', () => {
  const fdmCredential = (apiKey: string, remoteId?: number): Credential => ({
    id: 'fdm-key', provider: 'fdm-monster', serviceUrl: fdm.url, app: 'keydeck-tests', secrets: { apiKey }, source: 'manual', createdAt: Date.now(), ...(remoteId ? { remoteId: String(remoteId) } : {}),
  });

  it('the key shape is checked; a working OPERATOR key verifies; a GUEST key is accepted but may not manage printers', async () => {
    expect(fdmMonster.checkKey(fdm.operatorKey.token)).toBeNull();
    expect(fdmMonster.checkKey(fdm.operatorKey.token.slice(0, -1))).toMatch(/^An FDM Monster API key is fdmm_api_/);
    const ok = await fdmMonster.verify!(fdmCredential(fdm.operatorKey.token), ctx);
    expect(ok.verification).toMatchObject({ ok: true, summary: expect.stringMatching(/^FDM Monster at 127\.0\.0\.1:\d+ accepts this key and lets it manage printers \(\d+ now\)\.$/) });

    const guest = await makeKey('GUEST');
    const refused = await fdmMonster.verify!(fdmCredential(guest.token), ctx);
    expect(refused.verification).toMatchObject({ ok: false, summary: expect.stringMatching(/accepts this key, but its role may not manage printers: it needs OPERATOR or ADMIN\.$/) });
  });

  it('revoke: while FDM Monster accepts the key KeyDeck says only an admin can delete it; once an admin deleted it, verify says so and revoke succeeds', async () => {
    const key = await makeKey('OPERATOR');
    const credential = fdmCredential(key.token, key.id);
    await expect(fdmMonster.revoke!(credential, [], ctx)).rejects.toThrow(/still accepts this key, and only a signed-in admin can delete it/);
    expect((await fdmMonster.verify!(credential, ctx)).verification.ok).toBe(true);

    expect((await fdm.api('DELETE', `/api/v2/api-keys/${key.id}`)).status).toBe(204); // the admin, in FDM Monster
    const gone = await fdmMonster.verify!(credential, ctx);
    expect(gone.verification).toMatchObject({ ok: false, summary: expect.stringMatching(/does not accept this key/) });
    await expect(fdmMonster.revoke!(credential, [], ctx)).resolves.toBeUndefined();
  });
});

/** Who FDM Monster's push socket to this printer is logged in as, once it is (bounded: 20 s). */
async function pushSocketUser(sim: OctoPrintSim): Promise<string> {
  for (let round = 0; round < 200; round++) {
    const user = sim.pushClients.find((c) => c.user !== null)?.user;
    if (user) return user;
    await sleep(100);
  }
  throw new Error(`FDM Monster never logged in on ${sim.url}'s push socket; requests: ${JSON.stringify(sim.requestLog.map((e) => `${e.method} ${e.path}`))}`);
}

async function makeKey(role: 'OPERATOR' | 'GUEST'): Promise<{ id: number; token: string }> {
  const roles = (await fdm.api('GET', '/api/v2/user/roles')).json as { id: number; name: string }[];
  const made = await fdm.api('POST', '/api/v2/api-keys', { label: `keydeck-${role.toLowerCase()}`, roleIds: [roles.find((r) => r.name === role)!.id] });
  expect(made.status).toBe(200);
  return made.json as { id: number; token: string };
}

/** The person revokes the key in OctoPrint's settings (as admin). */
async function revokeInOctoPrint(sim: OctoPrintSim, key: string): Promise<void> {
  const response = await fetch(`${sim.url}/api/plugin/appkeys`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': sim.users.admin.apiKey },
    body: JSON.stringify({ command: 'revoke', key }),
  });
  expect(response.status).toBe(204);
}
