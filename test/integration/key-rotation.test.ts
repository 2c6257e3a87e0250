// Key rotation end to end in the background's own modules: the real vault and storage module (in
// memory), the real OctoPrint workflow and client against the OctoPrint simulator (the person clicks
// Allow through the simulator), and the REAL FDM Monster 2.1.1 holding the printer. A rotation must
// end with FDM Monster using a new key that works, and the old key revoked; a failure at a step must
// leave the old key working, in KeyDeck and in FDM Monster.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRotation } from '../../src/background/rotation/rotation';
import { octoprint } from '../../src/providers/octoprint';
import { createOctoPrintClient } from '../../src/providers/octoprint/client';
import { createOctoPrintWorkflow } from '../../src/providers/octoprint/workflow';
import { sendToFdmMonster } from '../../src/providers/fdm-monster/send';
import type { Credential } from '../../src/shared/credential';
import type { Rotation } from '../../src/shared/rotation';
import { createStore } from '../../src/storage';
import { startFdmMonster, type FdmMonster } from '../fdm-monster/server';
import { startOctoPrintSim } from '../sim/octoprint/index';
import type { OctoPrintSim } from '../sim/octoprint/types';
import { testVault } from '../support/test-vault';
import { createMemoryStorage, memoryBackend } from './support/memory-storage';
import { createProviderContext } from './support/provider-context';
import { keyApprovedBy, keyWorks } from './support/sim-api';
import { workerTimers } from './support/timers';
import { waitUntil } from './support/wait';

const ctx = createProviderContext({ now: () => Date.now() });
let fdm: FdmMonster;
const cleanups: (() => unknown)[] = [];
let lastHost = 40;

beforeAll(async () => {
  fdm = await startFdmMonster();
}, 120_000);
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => fdm?.close());

async function makeFdmKey(): Promise<{ id: number; token: string }> {
  const roles = (await fdm.api('GET', '/api/v2/user/roles')).json as { id: number; name: string }[];
  const made = await fdm.api('POST', '/api/v2/api-keys', { label: 'keydeck-rotation', roleIds: [roles.find((r) => r.name === 'OPERATOR')!.id] });
  expect(made.status).toBe(200);
  return made.json as { id: number; token: string };
}

async function fdmPrinterFor(url: string) {
  const printers = (await fdm.api('GET', '/api/v2/printer')).json as { id: number; name: string; printerURL: string; apiKey: string }[];
  return printers.filter((p) => p.printerURL === url);
}

/**
 * A printer (the simulator on its own loopback address, its admin in Admins and Operator) whose key
 * KeyDeck holds, verified, and that FDM Monster already uses; KeyDeck holds an FDM Monster key too.
 */
async function farm() {
  const sim: OctoPrintSim = await startOctoPrintSim({ host: `127.0.0.${++lastHost}` });
  sim.setGroups('admin', ['admins', 'users']);
  cleanups.push(() => sim.close());
  const store = createStore(memoryBackend(createMemoryStorage(), createMemoryStorage()));
  const vault = testVault(store);
  const timers = workerTimers();
  cleanups.push(() => timers.drop());
  let rotation: ReturnType<typeof createRotation> | undefined;
  const workflow = createOctoPrintWorkflow({
    flows: store.flows,
    vault,
    client: createOctoPrintClient(ctx.http),
    timers,
    onChange: (flow) => void rotation?.onFlow(flow),
  });
  rotation = createRotation({
    rotations: store.rotations,
    vault,
    workflow,
    http: ctx.http,
    revoke: (c, others) => octoprint.revoke!(c, others, ctx),
    verify: (c) => octoprint.verify!(c, ctx),
    now: Date.now,
  });

  const oldKey = await keyApprovedBy(sim, 'FDM Monster', 'admin');
  const unverified: Omit<Credential, 'id'> = { provider: 'octoprint', serviceUrl: sim.url, app: 'FDM Monster', secrets: { apiKey: oldKey }, source: 'workflow', createdAt: Date.now() };
  const { verification, user } = await octoprint.verify!({ ...unverified, id: 'x' }, ctx);
  const old = await vault.add({ ...unverified, verification, ...(user ? { user } : {}) });
  const fdmKey = await makeFdmKey();
  await vault.add({ provider: 'fdm-monster', serviceUrl: fdm.url, app: 'keydeck-rotation', secrets: { apiKey: fdmKey.token }, source: 'manual', createdAt: Date.now() });
  const sent = await sendToFdmMonster(ctx.http, { serverUrl: fdm.url, token: fdmKey.token }, { credential: await vault.secrets(old.id), name: `Printer ${lastHost}` });
  expect(sent, sent.message).toMatchObject({ status: 'created' });

  const stored = async () => (await store.rotations.get())[old.id]!;
  const until = (what: string, check: (r: Rotation) => boolean) => waitUntil(async () => ((r) => (check(r) ? r : null))(await stored()), 15_000, what, 20);
  /** The person's click in OctoPrint, on the request for the rotated app name. */
  const pendingFor = (app: string) => waitUntil(() => sim.pending().find((p) => p.appId === app), 10_000, `a request for ${app}`);
  return { sim, vault, rotation, old, oldKey, fdmKey, stored, until, pendingFor };
}

const octoprintKeys = async (vault: ReturnType<typeof testVault>) => (await vault.all()).filter((c) => c.provider === 'octoprint').map((c) => c.secrets.apiKey);

describe('rotating a key against the OctoPrint simulator and the real FDM Monster', () => {
  it('Allow in OctoPrint → FDM Monster’s printer gets the new key (checked by FDM Monster itself) → the old key is revoked and gone from KeyDeck', async () => {
    const f = await farm();
    await f.rotation.start([f.old.id]);
    const pending = await f.pendingFor('FDM Monster (rotated ' + new Date().toISOString().slice(0, 10) + ')');
    expect(await keyWorks(f.sim, f.oldKey)).toBe(true);
    const from = f.sim.requestLog.length;
    expect(f.sim.approve(pending.appToken, 'admin')).toBe(true);

    const done = await f.until('the rotation to finish', (r) => r.step === 'done' || r.step === 'failed');
    expect(done.step, done.message).toBe('done');
    const [newKey] = await octoprintKeys(f.vault);
    expect(newKey).toBeDefined();
    expect(newKey).not.toBe(f.oldKey);
    expect(await fdmPrinterFor(f.sim.url)).toEqual([expect.objectContaining({ name: `Printer ${lastHost}`, apiKey: newKey })]);
    // FDM Monster checked the new key with OctoPrint before saving it; then the old key was revoked.
    expect(f.sim.requestLog.slice(from).some((e) => e.path === '/api/version' && e.headers['x-api-key'] === newKey)).toBe(true);
    expect(await keyWorks(f.sim, newKey!)).toBe(true);
    expect(await keyWorks(f.sim, f.oldKey)).toBe(false);
    expect(f.sim.keys().map((k) => k.appId)).toEqual([done.newApp]);
    expect(done.farms).toEqual([{ serverUrl: fdm.url, state: 'updated', message: expect.stringMatching(/now uses the new key for Printer \d+\.$/) }]);
  });

  it('Deny in OctoPrint: the rotation stops at the request; the old key works, in KeyDeck and in FDM Monster', async () => {
    const f = await farm();
    await f.rotation.start([f.old.id]);
    const pending = await f.pendingFor((await f.stored()).newApp);
    f.sim.deny(pending.appToken);
    const failed = await f.until('the rotation to stop', (r) => r.step === 'failed');
    expect(failed.failedStep).toBe('requesting');
    expect(await keyWorks(f.sim, f.oldKey)).toBe(true);
    expect(await octoprintKeys(f.vault)).toEqual([f.oldKey]);
    expect(await fdmPrinterFor(f.sim.url)).toEqual([expect.objectContaining({ apiKey: f.oldKey })]);
  });

  it('the new key cannot be checked (OctoPrint errs on /api/currentuser): stopped before FDM Monster is touched; Retry checks again and finishes', async () => {
    const f = await farm();
    f.sim.setFault({ kind: 'status500' }, '/api/currentuser');
    await f.rotation.start([f.old.id]);
    f.sim.approve((await f.pendingFor((await f.stored()).newApp)).appToken, 'admin');
    const failed = await f.until('the rotation to stop', (r) => r.step === 'failed');
    expect(failed.failedStep, failed.message).toBe('verifying');
    expect(failed.message).toMatch(/^The new key did not pass KeyDeck’s check: it could not be checked\. The old key still works, on OctoPrint and in KeyDeck: nothing was revoked\./);
    expect(await keyWorks(f.sim, f.oldKey)).toBe(true);
    expect(await fdmPrinterFor(f.sim.url)).toEqual([expect.objectContaining({ apiKey: f.oldKey })]);

    f.sim.setFault(null);
    const done = await f.rotation.retry(f.old.id);
    expect(done.step, done.message).toBe('done');
    const [newKey] = await octoprintKeys(f.vault);
    expect(await fdmPrinterFor(f.sim.url)).toEqual([expect.objectContaining({ apiKey: newKey })]);
    expect(await keyWorks(f.sim, f.oldKey)).toBe(false);
  });

  it('FDM Monster no longer takes KeyDeck’s key: stopped before revoking; the old key works and FDM Monster keeps it; with a working key, Retry finishes', async () => {
    const f = await farm();
    expect((await fdm.api('DELETE', `/api/v2/api-keys/${f.fdmKey.id}`)).status).toBe(204); // an admin deleted it in FDM Monster
    await f.rotation.start([f.old.id]);
    f.sim.approve((await f.pendingFor((await f.stored()).newApp)).appToken, 'admin');
    const failed = await f.until('the rotation to stop', (r) => r.step === 'failed');
    expect(failed.failedStep, failed.message).toBe('updating');
    expect(failed.farms).toEqual([{ serverUrl: fdm.url, state: 'failed', message: expect.stringMatching(/does not accept this key/) }]);
    expect(await keyWorks(f.sim, f.oldKey)).toBe(true);
    expect(await fdmPrinterFor(f.sim.url)).toEqual([expect.objectContaining({ apiKey: f.oldKey })]);
    const held = await octoprintKeys(f.vault);
    expect(held).toHaveLength(2); // the old key, and the new one (which works, but FDM Monster does not have)
    expect(held).toContain(f.oldKey);

    const fresh = await makeFdmKey();
    await f.vault.add({ provider: 'fdm-monster', serviceUrl: fdm.url, app: 'keydeck-rotation-2', secrets: { apiKey: fresh.token }, source: 'manual', createdAt: Date.now() });
    const done = await f.rotation.retry(f.old.id);
    expect(done.step, done.message).toBe('done');
    expect(await keyWorks(f.sim, f.oldKey)).toBe(false);
    const [newKey] = await octoprintKeys(f.vault);
    expect(await fdmPrinterFor(f.sim.url)).toEqual([expect.objectContaining({ apiKey: newKey })]);
  });

  it('OctoPrint does not revoke (a server error there): the old key still works and stays in KeyDeck, FDM Monster already uses the new one', async () => {
    const f = await farm();
    f.sim.setFault({ kind: 'status500' }, '/api/plugin/appkeys'); // the revoke route only; requests and polls are under /plugin/appkeys
    await f.rotation.start([f.old.id]);
    f.sim.approve((await f.pendingFor((await f.stored()).newApp)).appToken, 'admin');
    const failed = await f.until('the rotation to stop', (r) => r.step === 'failed');
    expect(failed.failedStep, failed.message).toBe('revoking');
    expect(failed.message).toMatch(/The old key still works and stays in KeyDeck\.$/);
    expect(await keyWorks(f.sim, f.oldKey)).toBe(true);
    expect(await octoprintKeys(f.vault)).toContain(f.oldKey);
    const newKey = (await octoprintKeys(f.vault)).find((k) => k !== f.oldKey)!;
    expect(await keyWorks(f.sim, newKey)).toBe(true);
    expect(await fdmPrinterFor(f.sim.url)).toEqual([expect.objectContaining({ apiKey: newKey })]);

    f.sim.setFault(null);
    expect((await f.rotation.retry(f.old.id)).step).toBe('done');
    expect(await keyWorks(f.sim, f.oldKey)).toBe(false);
    expect(await octoprintKeys(f.vault)).toEqual([newKey]);
  });
});
