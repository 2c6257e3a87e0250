// The rotation state machine (background/rotation/) over the real vault and storage module, with the
// OctoPrint workflow, FDM Monster's HTTP API and OctoPrint's revoke played by fakes the test steers:
// every step is made to fail once, and each time the old key must still be in the vault, unrevoked,
// and FDM Monster must still hold it unless it took the new one.
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { createRotation } from '../../../src/background/rotation/rotation';
import { rotatedAppName } from '../../../src/background/rotation/rotated-app';
import { NetworkError, type Http, type HttpRequest } from '../../../src/providers/http';
import type { Credential, Verification } from '../../../src/shared/credential';
import { KeyDeckError } from '../../../src/shared/errors';
import type { FlowView } from '../../../src/shared/flow';
import { createStore, type StorageBackend } from '../../../src/storage';
import { testVault } from '../../support/test-vault';

const NOW = Date.parse('2026-11-27T21:30:00Z');
const PRINTER = 'http://10.0.0.21';
const FDM = 'http://10.0.0.9:4000';
const OLD_KEY = 'oooooooooooooooooooooooooooooooooooooooooo1';
const NEW_KEY = 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn2';
const OTHER_KEY = 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx3';
const FDM_TOKEN = `fdmm_api_${'f'.repeat(43)}`;
const OK: Verification = { at: NOW, ok: true, summary: 'OctoPrint 1.11.2 accepts this key (user admin).', warnings: [] };

interface FdmPrinter {
  id: number;
  name: string;
  printerURL: string;
  apiKey: string;
  printerType: number;
}

/** FDM Monster's printer routes, as @fdm-monster/server 2.1.1 answers them; `refuse` plays a 424. */
function fakeFdmMonster(printers: FdmPrinter[]) {
  const state = { printers, refuse: null as null | { status: number; error: string }, patches: [] as { id: number; body: unknown; forceSave?: true }[] };
  const http: Http = async (url, request: HttpRequest = {}) => {
    const reply = (status: number, json: unknown) => ({ status, headers: new Headers(), text: JSON.stringify(json), json });
    if (request.headers?.Authorization !== `Bearer ${FDM_TOKEN}`) return reply(401, { error: 'Not authenticated' });
    const path = new URL(url).pathname;
    if (request.method === 'GET' && path === '/api/v2/printer') return reply(200, state.printers);
    const patch = path.match(/^\/api\/v2\/printer\/(\d+)$/);
    if (request.method === 'PATCH' && patch) {
      const forceSave = new URL(url).searchParams.get('forceSave') === 'true';
      state.patches.push({ id: Number(patch[1]), body: request.json, ...(forceSave ? { forceSave: true as const } : {}) });
      if (state.refuse && !forceSave) return reply(state.refuse.status, { error: state.refuse.error, serviceCode: 403 });
      const printer = state.printers.find((p) => p.id === Number(patch[1]))!;
      Object.assign(printer, request.json as object);
      return reply(200, printer);
    }
    return reply(404, { error: 'not found' });
  };
  return { state, http };
}

/** The workflow as the rotation uses it: flows it starts, which the test ends (Allow, deny). */
function fakeWorkflow() {
  const flows = new Map<string, FlowView>();
  const started: { app: string; user?: string; serviceUrl: string }[] = [];
  return {
    flows,
    started,
    async start(input: { serviceUrl: string; app: string; user?: string }): Promise<FlowView> {
      started.push(input);
      const flow: FlowView = { id: `flow|${input.app}`, provider: 'octoprint', serviceUrl: input.serviceUrl, app: input.app, phase: 'waiting', createdAt: NOW, message: 'Waiting for Allow', canOpen: true };
      flows.set(flow.id, flow);
      return flow;
    },
    list: async () => [...flows.values()],
    async cancel(id: string): Promise<FlowView> {
      const flow = { ...flows.get(id)!, phase: 'cancelled' as const, outcome: 'cancelled' as const };
      flows.set(id, flow);
      return flow;
    },
  };
}

beforeEach(() => fakeBrowser.reset());

function setup({ fdmPrinters }: { fdmPrinters?: FdmPrinter[] } = {}) {
  const store = createStore(fakeBrowser.storage as unknown as StorageBackend);
  const vault = testVault(store, { now: () => NOW });
  const workflow = fakeWorkflow();
  const fdm = fakeFdmMonster(
    fdmPrinters ?? [
      { id: 1, name: 'Prusa 1', printerURL: `${PRINTER}/`, apiKey: OLD_KEY, printerType: 0 },
      { id: 2, name: 'Other', printerURL: 'http://10.0.0.22', apiKey: OLD_KEY, printerType: 0 },
      { id: 3, name: 'Someone else’s', printerURL: PRINTER, apiKey: OTHER_KEY, printerType: 0 },
    ],
  );
  const revoked: string[] = [];
  const revoke = vi.fn(async (credential: Credential) => void revoked.push(credential.secrets.apiKey!));
  const verify = vi.fn(async () => ({ verification: OK, user: 'admin' }));
  const deps = { rotations: store.rotations, vault, workflow, http: fdm.http, revoke, verify, now: () => NOW };
  const rotation = createRotation(deps);
  const add = (fields: Partial<Credential> & { secrets: Credential['secrets'] }) =>
    vault.add({ provider: 'octoprint', serviceUrl: PRINTER, app: 'OctoFarm', user: 'admin', source: 'workflow', createdAt: NOW, verification: OK, ...fields });

  /** The person clicks Allow: the flow's save puts the new key in the vault, verified (or not). */
  async function allow(verification: Verification = OK, key = NEW_KEY) {
    const [flow] = [...workflow.flows.values()].filter((f) => f.phase === 'waiting');
    const entry = await add({ app: flow!.app, secrets: { apiKey: key }, verification });
    const done: FlowView = { ...flow!, phase: 'done', outcome: 'saved', credentialId: entry.id, message: 'Saved.' };
    workflow.flows.set(done.id, done);
    await rotation.onFlow(done);
    return entry;
  }
  const stored = async (id: string) => (await store.rotations.get())[id]!;
  const fdmKeys = () => Object.fromEntries(fdm.state.printers.map((p) => [p.id, p.apiKey]));
  return { store, vault, workflow, fdm, revoke, revoked, verify, deps, rotation, add, allow, stored, fdmKeys };
}

async function withFdmAndOld(s: ReturnType<typeof setup>) {
  await s.vault.add({ provider: 'fdm-monster', serviceUrl: FDM, app: 'KeyDeck', secrets: { apiKey: FDM_TOKEN }, source: 'account-api', createdAt: NOW });
  return s.add({ secrets: { apiKey: OLD_KEY } });
}

const keysInVault = async (s: ReturnType<typeof setup>) => (await s.vault.all()).filter((c) => c.provider === 'octoprint').map((c) => c.secrets.apiKey).sort();

describe('rotatedAppName', () => {
  const at = new Date(NOW);
  test('a dated name, numbered when taken (case-insensitively), an old suffix replaced, within 60 characters', () => {
    expect(rotatedAppName('OctoFarm', at, [])).toBe('OctoFarm (rotated 2026-11-27)');
    expect(rotatedAppName('OctoFarm', at, ['octofarm (ROTATED 2026-11-27)'])).toBe('OctoFarm (rotated 2026-11-27 2)');
    expect(rotatedAppName('OctoFarm (rotated 2026-01-02)', at, [])).toBe('OctoFarm (rotated 2026-11-27)');
    expect(rotatedAppName('OctoFarm (rotated 2026-11-27)', at, [])).toBe('OctoFarm (rotated 2026-11-27 2)');
    const long = rotatedAppName('A'.repeat(60), at, []);
    expect(long).toHaveLength(60);
    expect(long.endsWith(' (rotated 2026-11-27)')).toBe(true);
  });
});

describe('key rotation', () => {
  test('new key for the same server and user under a new name → verified → FDM Monster’s printer with the old key gets it → only then the old key is revoked and removed', async () => {
    const s = setup();
    const old = await withFdmAndOld(s);
    const { rotations } = await s.rotation.start([old.id]);
    expect(rotations).toEqual([expect.objectContaining({ id: old.id, step: 'requesting', newApp: 'OctoFarm (rotated 2026-11-27)' })]);
    await vi.waitFor(async () => expect((await s.stored(old.id)).flowId).toBe('flow|OctoFarm (rotated 2026-11-27)'));
    expect(s.workflow.started).toEqual([{ serviceUrl: PRINTER, app: 'OctoFarm (rotated 2026-11-27)', user: 'admin' }]);
    expect((await s.stored(old.id)).message).toBe('Click Allow in OctoPrint at 10.0.0.21 for “OctoFarm (rotated 2026-11-27)”.');
    expect(s.fdm.state.patches).toEqual([]);

    const neu = await s.allow();
    const done = await s.stored(old.id);
    expect(done).toMatchObject({ step: 'done', newCredentialId: neu.id, farms: [{ serverUrl: FDM, state: 'updated', message: 'FDM Monster at 10.0.0.9:4000 now uses the new key for Prusa 1.' }] });
    expect(done.message).toBe('Done: OctoPrint at 10.0.0.21 has the new key “OctoFarm (rotated 2026-11-27)”, verified; the old key is revoked and removed from KeyDeck. One FDM Monster uses it.');
    // Only the printer at this URL holding the old key changed: not another printer's, not someone else's key.
    expect(s.fdmKeys()).toEqual({ 1: NEW_KEY, 2: OLD_KEY, 3: OTHER_KEY });
    expect(s.fdm.state.patches).toEqual([{ id: 1, body: { name: 'Prusa 1', printerURL: `${PRINTER}/`, printerType: 0, apiKey: NEW_KEY } }]);
    expect(s.revoked).toEqual([OLD_KEY]);
    expect(await keysInVault(s)).toEqual([NEW_KEY]);
  });

  test('the request is denied: failed at the request, the old key kept, nothing sent to FDM Monster; Retry asks again', async () => {
    const s = setup();
    const old = await withFdmAndOld(s);
    await s.rotation.start([old.id]);
    await vi.waitFor(async () => expect((await s.stored(old.id)).flowId).toBeDefined());
    const flow = s.workflow.flows.get('flow|OctoFarm (rotated 2026-11-27)')!;
    const denied: FlowView = { ...flow, phase: 'failed', outcome: 'denied-or-expired', message: 'OctoPrint says the request was denied, or it timed out.' };
    s.workflow.flows.set(flow.id, denied);
    await s.rotation.onFlow(denied);

    expect(await s.stored(old.id)).toMatchObject({
      step: 'failed',
      failedStep: 'requesting',
      message: 'No new key from OctoPrint at 10.0.0.21: OctoPrint says the request was denied, or it timed out. The old key still works, on OctoPrint and in KeyDeck: nothing was revoked.',
    });
    expect(s.fdm.state.patches).toEqual([]);
    expect(s.revoke).not.toHaveBeenCalled();
    expect(await keysInVault(s)).toEqual([OLD_KEY]);

    await s.rotation.retry(old.id);
    expect(s.workflow.started).toHaveLength(2);
    expect(await s.stored(old.id)).toMatchObject({ step: 'requesting' });
    await s.allow();
    expect((await s.stored(old.id)).step).toBe('done');
  });

  test('the new key fails its check: failed at verifying, nothing sent or revoked, both keys held; Retry checks it again and carries on', async () => {
    const s = setup();
    const old = await withFdmAndOld(s);
    await s.rotation.start([old.id]);
    await vi.waitFor(async () => expect((await s.stored(old.id)).flowId).toBeDefined());
    await s.allow({ at: NOW, ok: false, summary: 'OctoPrint did not answer /api/currentuser.', warnings: [] });

    const failed = await s.stored(old.id);
    expect(failed).toMatchObject({ step: 'failed', failedStep: 'verifying' });
    expect(failed.message).toBe(
      'The new key did not pass KeyDeck’s check: OctoPrint did not answer /api/currentuser. The old key still works, on OctoPrint and in KeyDeck: nothing was revoked. The new key (“OctoFarm (rotated 2026-11-27)”) is in KeyDeck too: Retry, or revoke it if you give up.',
    );
    expect(s.fdm.state.patches).toEqual([]);
    expect(s.revoke).not.toHaveBeenCalled();
    expect(await keysInVault(s)).toEqual([NEW_KEY, OLD_KEY]);

    const retried = await s.rotation.retry(old.id);
    expect(s.verify).toHaveBeenCalledWith(expect.objectContaining({ secrets: { apiKey: NEW_KEY } }));
    expect(retried.step).toBe('done');
    expect(await keysInVault(s)).toEqual([NEW_KEY]);
  });

  test('a new key allowed by another user is refused at verifying', async () => {
    const s2 = setup();
    const old2 = await withFdmAndOld(s2);
    await s2.rotation.start([old2.id]);
    await vi.waitFor(async () => expect((await s2.stored(old2.id)).flowId).toBeDefined());
    const flow = [...s2.workflow.flows.values()][0]!;
    const bobs = await s2.add({ app: flow.app, user: 'bob', secrets: { apiKey: NEW_KEY } });
    const done: FlowView = { ...flow, phase: 'done', outcome: 'saved', credentialId: bobs.id, message: 'Saved.' };
    s2.workflow.flows.set(flow.id, done);
    await s2.rotation.onFlow(done);
    expect(await s2.stored(old2.id)).toMatchObject({ step: 'failed', failedStep: 'verifying', message: expect.stringMatching(/^The new key belongs to bob, the old one to admin: allow it as admin\./) });
    expect(s2.revoke).not.toHaveBeenCalled();
  });

  test('FDM Monster refuses the new key (424): failed at updating, the old key not revoked and still in FDM Monster; Retry once it accepts', async () => {
    const s = setup();
    const old = await withFdmAndOld(s);
    s.fdm.state.refuse = { status: 424, error: 'Authentication failed' };
    await s.rotation.start([old.id]);
    await vi.waitFor(async () => expect((await s.stored(old.id)).flowId).toBeDefined());
    await s.allow();

    const failed = await s.stored(old.id);
    expect(failed).toMatchObject({ step: 'failed', failedStep: 'updating', farms: [{ serverUrl: FDM, state: 'failed' }] });
    expect(failed.message).toMatch(/^FDM Monster at 10\.0\.0\.9:4000: FDM Monster checked the new key with OctoPrint for Prusa 1, and OctoPrint rejected it\. Prusa 1 keeps the old key\. The old key still works, on OctoPrint and in KeyDeck: nothing was revoked\./);
    expect(s.fdmKeys()[1]).toBe(OLD_KEY);
    expect(s.revoke).not.toHaveBeenCalled();
    expect(await keysInVault(s)).toEqual([NEW_KEY, OLD_KEY]);

    s.fdm.state.refuse = null;
    expect((await s.rotation.retry(old.id)).step).toBe('done');
    expect(s.fdmKeys()[1]).toBe(NEW_KEY);
    expect(s.revoked).toEqual([OLD_KEY]);
  });

  test('FDM Monster cannot reach the printer to check the new key: stopped, and the user may have it saved unchecked', async () => {
    const s = setup();
    const old = await withFdmAndOld(s);
    s.fdm.state.refuse = { status: 424, error: 'Reaching Printer service failed without status (code ECONNREFUSED)' };
    await s.rotation.start([old.id]);
    await vi.waitFor(async () => expect((await s.stored(old.id)).flowId).toBeDefined());
    await s.allow();
    expect(await s.stored(old.id)).toMatchObject({
      step: 'failed',
      failedStep: 'updating',
      farms: [{ state: 'failed', canForceSave: true, message: expect.stringMatching(/cannot reach http:\/\/10\.0\.0\.21\/ from its own host/) }],
    });
    expect(s.revoke).not.toHaveBeenCalled();

    // A plain retry is checked again (and refused again); "save anyway" is not.
    expect((await s.rotation.retry(old.id)).step).toBe('failed');
    const done = await s.rotation.retry(old.id, { forceSave: true });
    expect(done.step).toBe('done');
    expect(s.fdm.state.patches.map((p) => p.forceSave ?? false)).toEqual([false, false, true]);
    expect(s.fdmKeys()[1]).toBe(NEW_KEY);
    expect(s.revoked).toEqual([OLD_KEY]);
  });

  test('an FDM Monster KeyDeck cannot reach stops the rotation before anything is revoked', async () => {
    const s = setup();
    const old = await withFdmAndOld(s);
    const down: Http = async () => {
      throw new NetworkError('unreachable', 'Could not reach 10.0.0.9:4000.');
    };
    const rotation = createRotation({ ...s.deps, http: down });
    await rotation.start([old.id]);
    await vi.waitFor(async () => expect((await s.stored(old.id)).flowId).toBeDefined());
    const flow = [...s.workflow.flows.values()][0]!;
    const entry = await s.add({ app: flow.app, secrets: { apiKey: NEW_KEY } });
    const done: FlowView = { ...flow, phase: 'done', outcome: 'saved', credentialId: entry.id, message: 'Saved.' };
    s.workflow.flows.set(flow.id, done);
    await rotation.onFlow(done);
    expect(await s.stored(old.id)).toMatchObject({ step: 'failed', failedStep: 'updating', farms: [{ state: 'failed', message: expect.stringMatching(/^FDM Monster at 10\.0\.0\.9:4000 could not be updated: Could not reach/) }] });
    expect(s.revoke).not.toHaveBeenCalled();
  });

  test('revoking fails: failed at revoking, the old key stays in KeyDeck, FDM Monster already has the new one; Retry revokes', async () => {
    const s = setup();
    const old = await withFdmAndOld(s);
    s.revoke.mockRejectedValueOnce(new KeyDeckError('revoke-failed', 'OctoPrint still accepts this key: KeyDeck holds no key allowed to revoke it.'));
    await s.rotation.start([old.id]);
    await vi.waitFor(async () => expect((await s.stored(old.id)).flowId).toBeDefined());
    await s.allow();

    expect(await s.stored(old.id)).toMatchObject({
      step: 'failed',
      failedStep: 'revoking',
      message: 'OctoPrint still accepts this key: KeyDeck holds no key allowed to revoke it. FDM Monster already uses the new key. The old key still works and stays in KeyDeck.',
    });
    expect(s.fdmKeys()[1]).toBe(NEW_KEY);
    expect(await keysInVault(s)).toEqual([NEW_KEY, OLD_KEY]);

    expect((await s.rotation.retry(old.id)).step).toBe('done');
    expect(await keysInVault(s)).toEqual([NEW_KEY]);
  });

  test('locked after the key arrived: the rotation waits, Continue asks to unlock, and after unlocking it finishes', async () => {
    const s = setup();
    const old = await withFdmAndOld(s);
    await s.rotation.start([old.id]);
    await vi.waitFor(async () => expect((await s.stored(old.id)).flowId).toBeDefined());
    await s.vault.lock.set('correct horse battery');
    await s.vault.lock.lockNow();
    await s.allow(); // the key arrives and is stored while locked, as the flow's save does

    expect(await s.stored(old.id)).toMatchObject({ step: 'updating', message: expect.stringMatching(/^KeyDeck is locked: unlock it to carry on\./) });
    await expect(s.rotation.retry(old.id)).rejects.toMatchObject({ code: 'locked' });
    expect(s.fdm.state.patches).toEqual([]);
    await s.vault.lock.unlock('correct horse battery');
    expect((await s.rotation.retry(old.id)).step).toBe('done');
  });

  test('a worker stopped while the user decided: a new one resumes from storage and finishes', async () => {
    const s = setup();
    const old = await withFdmAndOld(s);
    await s.rotation.start([old.id]);
    await vi.waitFor(async () => expect((await s.stored(old.id)).flowId).toBeDefined());
    // The old worker is gone: the flow ends with nobody told.
    const flow = [...s.workflow.flows.values()][0]!;
    const entry = await s.add({ app: flow.app, secrets: { apiKey: NEW_KEY } });
    s.workflow.flows.set(flow.id, { ...flow, phase: 'done', outcome: 'saved', credentialId: entry.id, message: 'Saved.' });
    expect((await s.stored(old.id)).step).toBe('requesting');

    const restarted = createRotation(s.deps);
    expect(await restarted.resume()).toBe(1);
    expect((await s.stored(old.id)).step).toBe('done');
    expect(s.revoked).toEqual([OLD_KEY]);
  });

  test('the request’s card was dismissed before the rotation saw it end: the key it saved is found in the vault and the rotation finishes', async () => {
    const s = setup();
    const old = await withFdmAndOld(s);
    await s.rotation.start([old.id]);
    await vi.waitFor(async () => expect((await s.stored(old.id)).flowId).toBeDefined());
    const flow = [...s.workflow.flows.values()][0]!;
    await s.add({ app: flow.app, secrets: { apiKey: NEW_KEY } }); // saved by the flow…
    s.workflow.flows.delete(flow.id); // …whose card the user dismissed at once
    expect(await createRotation(s.deps).resume()).toBe(1);
    expect((await s.stored(old.id)).step).toBe('done');
  });

  test('the request is gone and no key arrived: failed at the request', async () => {
    const t = setup();
    const other = await withFdmAndOld(t);
    await t.rotation.start([other.id]);
    await vi.waitFor(async () => expect((await t.stored(other.id)).flowId).toBeDefined());
    t.workflow.flows.clear();
    await t.rotation.resume();
    expect(await t.stored(other.id)).toMatchObject({ step: 'failed', failedStep: 'requesting', message: expect.stringMatching(/^The request for a new key at 10\.0\.0\.21 is gone \(dismissed\)\./) });
  });

  test('cancel while waiting for Allow cancels the request and keeps the old key; non-OctoPrint and unknown keys are refused at start', async () => {
    const s = setup();
    const old = await withFdmAndOld(s);
    const fdmKey = (await s.vault.list()).find((e) => e.provider === 'fdm-monster')!;
    const { refused } = await s.rotation.start([old.id, fdmKey.id, 'gone']);
    expect(refused).toEqual([
      { credentialId: fdmKey.id, message: 'KeyDeck: only OctoPrint keys are rotated here.' },
      { credentialId: 'gone', message: 'This key is no longer in the vault.' },
    ]);
    await vi.waitFor(async () => expect((await s.stored(old.id)).flowId).toBeDefined());
    const cancelled = await s.rotation.cancel(old.id);
    expect(cancelled).toMatchObject({ step: 'cancelled', message: 'Cancelled. The old key still works; nothing was revoked.' });
    expect(s.workflow.flows.get(cancelled.flowId!)!.phase).toBe('cancelled');
    expect(await keysInVault(s)).toEqual([OLD_KEY]);
    await s.rotation.dismiss(old.id);
    expect(await s.rotation.list()).toEqual([]);
  });
});
