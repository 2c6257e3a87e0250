// The OctoPrint Application Keys workflow of the background (createOctoPrintWorkflow with the real
// client, http, vault and flow state machine) against the simulator over real HTTP, with in-memory
// storage.session / storage.local. Each test starts its own simulator; useRigs() drops the
// workflows' timers and closes the simulator after it. A stopped worker is played the way the
// browser stops one: its timers are dropped (r.timers.drop()) and a new workflow takes over.
//
// Time: KeyDeck polls about once a second in real time, so waits are short. Where time has to
// pass, the simulator runs on its manual clock (5 s no-poll drop, 10 min cutoff, rate-limit
// windows) and the workflow gets an injected clock (rig.clock.jump) for its own deadlines.
import { describe, expect, it } from 'vitest';
import type { FlowState } from '../../src/providers/octoprint/flow-state';
import { BURST_INTERVAL_MS, POLL_INTERVAL_MS } from '../../src/providers/octoprint/flow-step';
import type { StartInput } from '../../src/providers/octoprint/workflow';
import { ACTIVE_PHASES, type FlowView } from '../../src/shared/flow';
import type { OctoPrintSim } from '../sim/octoprint/types';
import { startForwarder } from './support/forwarder';
import { createFrozenClock, isProbe, isWorkflowCall, keyRequests, nextPolls, pendingToken, polls, useRigs, type Rig } from './support/rig';
import { requestAsOtherApp } from './support/sim-api';
import { heldTimers } from './support/timers';
import { sleep, waitForFlow, waitUntil } from './support/wait';

const { rig, closeLater } = useRigs();
const APP = 'KeyDeck Test';
const PROXY = { user: 'proxy', password: 'pr0xy-pass' };
const PROXY_HEADER = `Basic ${btoa(`${PROXY.user}:${PROXY.password}`)}`;

const host = (sim: OctoPrintSim) => new URL(sim.url).host;
const origin = (sim: OctoPrintSim) => new URL(sim.url).origin;
const ended = (flow: FlowView) => !ACTIVE_PHASES.has(flow.phase);

/** Starts a flow for APP and waits until it waits for a decision; the app token comes from the simulator. */
async function startAndWait(r: Rig, input: Partial<StartInput> = {}) {
  const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP, ...input });
  const waiting = await waitForFlow(r.workflow, started.id, (f) => f.phase === 'waiting', 5_000);
  const token = await pendingToken(r.sim);
  return { id: started.id, started, waiting, token };
}

/** The flow as persisted in storage.session (what a restarted worker would find). */
function stored(r: Rig, id: string): FlowState {
  const flows = r.session.snapshot()['octoprint.flows'] as Record<string, FlowState> | undefined;
  const flow = flows?.[id];
  if (!flow) throw new Error(`no stored flow ${id}`);
  return flow;
}

/** Collapses runs of the same phase: what a person watching the popup saw change. */
const phases = (views: FlowView[], id: string) =>
  views.filter((v) => v.id === id).map((v) => v.phase).filter((phase, i, all) => phase !== all[i - 1]);

/**
 * No key ever travels to the appkeys probe/request/poll endpoints (an invalid one is a 403 on
 * 1.8.4–1.10.x), no request carries a key in its URL, and no cookie is sent.
 */
function expectNoKeysOnTheWire(sim: OctoPrintSim, ...secrets: string[]): void {
  for (const entry of sim.requestLog) {
    expect(entry.path).not.toMatch(/apikey=/i);
    for (const secret of secrets) expect(entry.path).not.toContain(secret);
    expect(entry.headers.cookie).toBeUndefined();
  }
  for (const entry of sim.requestLog.filter(isWorkflowCall)) {
    expect(entry.headers['x-api-key']).toBeUndefined();
    expect(entry.headers.authorization ?? '').not.toMatch(/^Bearer/i);
  }
}

/** The one credential in the vault, which must hold the key the simulator issued for APP. */
async function savedCredential(r: Rig, user = 'admin') {
  const credentials = await r.vault.all();
  expect(credentials).toHaveLength(1);
  const credential = credentials[0]!;
  const issued = r.sim.keys().find((k) => k.appId === APP && k.userId === user);
  expect(issued).toBeDefined();
  expect(credential.secrets.apiKey).toBe(issued!.apiKey);
  return credential;
}

describe('the user clicks Allow or Deny', () => {
  it('Allow: the key lands in the vault, verified, exactly as OctoPrint issued it; one request; no key on the wire', async () => {
    const r = await rig({ clock: 'manual' });
    const { id, started, waiting, token } = await startAndWait(r);
    expect(started).toMatchObject({ phase: 'starting', app: APP, serviceUrl: r.sim.url });
    expect(started.message).toBe(`Asking OctoPrint on ${host(r.sim)} for a key…`);
    expect(waiting.message).toBe(`Waiting for you to click Allow in OctoPrint on ${host(r.sim)}.`);
    expect(waiting.canOpen).toBe(true);
    expect(waiting.expiresAt! - waiting.createdAt).toBeGreaterThan(10 * 60_000 - 2_000);
    expect(waiting.expiresAt! - waiting.createdAt).toBeLessThanOrEqual(10 * 60_000 + 2_000);
    expect(await r.workflow.decisionUrl(id)).toBe(`${r.sim.url}/plugin/appkeys/auth/${token}`);

    expect(r.sim.approve(token)).toBe(true);
    const done = await waitForFlow(r.workflow, id, ended, 4_000);
    expect(done).toMatchObject({ phase: 'done', outcome: 'saved' });
    expect(done.message).toBe('Works as admin on OctoPrint 1.11.8.');

    const credential = await savedCredential(r);
    expect(credential).toMatchObject({
      id: done.credentialId,
      provider: 'octoprint',
      serviceUrl: r.sim.url,
      app: APP,
      user: 'admin',
      source: 'workflow',
      verification: { ok: true, serverVersion: '1.11.8' },
    });
    const key = credential.secrets.apiKey!;
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // What the server saw: one probe, ONE request, polls of the token's URL, then the key checked.
    expect(r.sim.requestLog.filter(isProbe)).toHaveLength(1);
    expect(keyRequests(r.sim)).toHaveLength(1);
    expect(polls(r.sim).length).toBeGreaterThanOrEqual(1);
    expect(polls(r.sim).every((e) => e.path === `/plugin/appkeys/request/${token}`)).toBe(true);
    expect(r.sim.requestLog.filter((e) => !isWorkflowCall(e)).every((e) => e.headers['x-api-key'] === key)).toBe(true);
    expectNoKeysOnTheWire(r.sim, key);

    // What the popup saw: the phases in order, and never the key or the app token.
    expect(phases(r.views, id)).toEqual(['starting', 'waiting', 'saving', 'done']);
    const shown = JSON.stringify([r.views, await r.workflow.list()]);
    expect(shown).not.toContain(key);
    expect(shown).not.toContain(token);
    // Once saved, the key is no longer in storage.session either.
    expect(JSON.stringify(r.session.snapshot())).not.toContain(key);
  });

  it('Deny: "denied-or-expired", the message says it was denied or timed out; nothing saved; polling stops', async () => {
    const r = await rig({ clock: 'manual' });
    const { id, token } = await startAndWait(r);
    expect(r.sim.deny(token)).toBe(true);
    const failed = await waitForFlow(r.workflow, id, ended, 4_000);
    expect(failed).toMatchObject({ phase: 'failed', outcome: 'denied-or-expired' });
    expect(failed.message).toMatch(/denied/);
    expect(failed.message).toMatch(/timed out/);
    expect(failed.credentialId).toBeUndefined();
    expect(await r.vault.all()).toEqual([]);
    expect(r.sim.keys()).toEqual([]);
    const seen = polls(r.sim).length;
    await sleep(1_150); // longer than the poll interval
    expect(polls(r.sim).length).toBe(seen);
    expect(keyRequests(r.sim)).toHaveLength(1);
  });
});

describe('time runs out', () => {
  it('10 minutes on the workflow’s clock without a decision: "expired", and no poll after that', async () => {
    const r = await rig({ clock: 'manual' });
    const { id, waiting } = await startAndWait(r);
    await nextPolls(r.sim, 1);
    const seen = polls(r.sim).length;
    r.clock.jump(10 * 60_000);
    const failed = await waitForFlow(r.workflow, id, ended, 3_000);
    expect(failed).toMatchObject({ phase: 'failed', outcome: 'expired' });
    expect(failed.message).toMatch(/No decision within 10 minutes/);
    expect(failed.message).toMatch(/Start again/);
    expect(r.clock.now()).toBeGreaterThanOrEqual(waiting.expiresAt!);
    expect(polls(r.sim).length).toBe(seen); // KeyDeck knew the request was dead without asking
  });

  it('10 minutes on OctoPrint’s clock while KeyDeck keeps polling: OctoPrint drops it; "denied-or-expired" says it may have timed out', async () => {
    const r = await rig({ clock: 'manual' });
    const { id } = await startAndWait(r);
    const created = r.sim.pending()[0]!.createdAt;
    // Let 10 minutes of OctoPrint time pass in 4 s steps, each followed by a poll (decided() makes
    // the next poll go out at once), so only the 10-minute cutoff can end the request.
    for (let step = 0; step < 160 && r.sim.pending().length > 0; step++) {
      r.sim.advance(4_000);
      const seen = polls(r.sim).length;
      await r.workflow.decided(origin(r.sim));
      await waitUntil(() => polls(r.sim).length > seen, 2_000, `a poll after step ${step}`, 2);
    }
    const failed = await waitForFlow(r.workflow, id, ended, 2_000);
    expect(failed).toMatchObject({ phase: 'failed', outcome: 'denied-or-expired' });
    expect(failed.message).toMatch(/timed out/);
    expect(failed.message).toMatch(/10 minutes/);
    const times = polls(r.sim).map((e) => e.at);
    expect(times.at(-1)! - created).toBeGreaterThan(10 * 60_000);
    // OctoPrint's 5 s no-poll window was never missed.
    expect(Math.max(...times.map((t, i) => t - (times[i - 1] ?? created)))).toBeLessThan(5_000);
    expect(keyRequests(r.sim)).toHaveLength(1);
  });

  it('a worker stopped for more than 5 s: OctoPrint drops the request; the new worker finds it gone and says it lapsed while KeyDeck was stopped, not "denied"', async () => {
    const r = await rig({ clock: 'manual' });
    const { id } = await startAndWait(r);
    r.timers.drop(); // the browser stops the worker: its timers go with it
    // 5.1 s pass on both clocks with nobody polling: OctoPrint forgets the request.
    r.sim.advance(5_100);
    r.clock.jump(5_100);
    expect(r.sim.pending()).toEqual([]);
    expect(r.sim.dropped()).toEqual([expect.objectContaining({ appId: APP, reason: 'unpolled' })]);
    const worker = r.newWorkflow();
    expect(await worker.resume()).toBe(1);
    const failed = await waitForFlow(worker, id, ended, 3_000);
    expect(failed).toMatchObject({ phase: 'failed', outcome: 'lapsed' });
    expect(failed.message).toMatch(/^The request lapsed while the browser had stopped KeyDeck/);
    expect(failed.message).toMatch(/for 5 seconds.*Click Try again/);
    expect(failed.message).not.toMatch(/denied/);
    expect(keyRequests(r.sim)).toHaveLength(1); // no new request behind the user's back
    expect(await r.vault.all()).toEqual([]);

    // Try again (what the card's button sends): a fresh request for the same app and server.
    await worker.dismiss(id);
    const again = await worker.start({ serviceUrl: r.sim.url, app: APP });
    expect(again.id).toBe(id);
    const waiting = await waitForFlow(worker, id, (f) => f.phase === 'waiting', 3_000);
    expect(waiting.message).toMatch(/click Allow/);
    expect(keyRequests(r.sim)).toHaveLength(2);
    r.sim.approve(await pendingToken(r.sim));
    expect(await waitForFlow(worker, id, ended, 4_000)).toMatchObject({ outcome: 'saved' });
    await savedCredential(r);
  });

  it('a worker stopped for 4 s (inside OctoPrint’s window): the new worker carries on and the approval lands', async () => {
    const r = await rig({ clock: 'manual' });
    const { id, token } = await startAndWait(r);
    r.timers.drop();
    r.sim.advance(4_000);
    r.clock.jump(4_000);
    const worker = r.newWorkflow();
    expect(await worker.resume()).toBe(1);
    await nextPolls(r.sim, 1);
    expect(r.sim.pending()).toHaveLength(1); // that poll kept it alive
    r.sim.approve(token);
    expect(await waitForFlow(worker, id, ended, 4_000)).toMatchObject({ outcome: 'saved' });
    await savedCredential(r);
    expect(r.sim.dropped()).toEqual([]);
  });

  it('a denial found after only a short pause is still "denied-or-expired", never "lapsed"', async () => {
    const r = await rig({ clock: 'manual' });
    const { id, token } = await startAndWait(r);
    r.timers.drop();
    r.sim.deny(token);
    r.clock.jump(4_500); // a pause OctoPrint's window covers: the 404 can only be the denial
    const worker = r.newWorkflow();
    await worker.resume();
    const failed = await waitForFlow(worker, id, ended, 3_000);
    expect(failed).toMatchObject({ phase: 'failed', outcome: 'denied-or-expired' });
  });
});

describe('one flow, one request', () => {
  it('a worker restarted mid-flow: a new instance over the same storage resumes; the approval lands; still one request', async () => {
    const r = await rig({ clock: 'manual' });
    const { id, token } = await startAndWait(r);
    await nextPolls(r.sim, 1);
    r.timers.drop(); // the browser stops the worker: its timers go with it
    const worker = r.newWorkflow();
    expect(await worker.resume()).toBe(1);
    expect((await worker.list()).map((f) => [f.id, f.phase])).toEqual([[id, 'waiting']]);
    r.sim.approve(token);
    const done = await waitForFlow(worker, id, ended, 4_000);
    expect(done).toMatchObject({ phase: 'done', outcome: 'saved' });
    const credential = await savedCredential(r);
    expect(credential.id).toBe(done.credentialId);
    expect(keyRequests(r.sim)).toHaveLength(1);
    expect(polls(r.sim).every((e) => e.path === `/plugin/appkeys/request/${token}`)).toBe(true);
  });

  it('two "Get key" for the same app and server (at once, and again later) make one flow and one request', async () => {
    const r = await rig({ clock: 'manual' });
    const input = { serviceUrl: r.sim.url, app: APP };
    const [a, b] = await Promise.all([r.workflow.start(input), r.workflow.start(input)]);
    expect(b.id).toBe(a.id);
    await waitForFlow(r.workflow, a.id, (f) => f.phase === 'waiting', 5_000);
    // The same app in other letter case, the address with a trailing slash: still the same flow.
    const again = await r.workflow.start({ serviceUrl: `${r.sim.url}/`, app: ` ${APP.toLowerCase()} ` });
    expect(again).toMatchObject({ id: a.id, phase: 'waiting' });
    expect(await r.workflow.list()).toHaveLength(1);
    expect(keyRequests(r.sim)).toHaveLength(1);
    expect(r.sim.pending()).toHaveLength(1);
    r.sim.approve(r.sim.pending()[0]!.appToken);
    expect(await waitForFlow(r.workflow, a.id, ended, 4_000)).toMatchObject({ outcome: 'saved' });
    await savedCredential(r);
  });

  it('Cancel: the flow says so, KeyDeck sends no further polls, and OctoPrint forgets the request', async () => {
    const r = await rig({ clock: 'manual' });
    const { id } = await startAndWait(r);
    await expect(r.workflow.dismiss(id)).rejects.toMatchObject({ code: 'invalid-input' });
    await nextPolls(r.sim, 1);
    const cancelled = await r.workflow.cancel(id);
    const seen = polls(r.sim).length;
    expect(cancelled).toMatchObject({ phase: 'cancelled', outcome: 'cancelled' });
    expect(cancelled.message).toMatch(/^Cancelled\./);
    await sleep(1_200); // longer than the poll interval
    expect(polls(r.sim).length).toBe(seen);
    expect(await r.workflow.list()).toEqual([expect.objectContaining({ id, phase: 'cancelled', outcome: 'cancelled' })]);
    r.sim.advance(5_100);
    expect(r.sim.pending()).toEqual([]);
    await r.workflow.dismiss(id);
    expect(await r.workflow.list()).toEqual([]);
    expect(keyRequests(r.sim)).toHaveLength(1);
  });
});

describe('rate limit (1.11.2+: 3 a minute, 5 in 10 minutes, 10 an hour per address)', () => {
  it('after 3 requests from other apps the flow waits ("rate-limited", says when it asks again), sends nothing more, then asks again by itself', async () => {
    const r = await rig({ clock: 'manual' });
    for (const n of [1, 2, 3]) expect(await requestAsOtherApp(r.sim, `Other App ${n}`)).toBe(201);
    const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP });
    const limited = await waitForFlow(r.workflow, started.id, (f) => f.phase === 'rate-limited', 3_000);
    expect(limited.outcome).toBeUndefined();
    expect(limited.message).toMatch(/OctoPrint limits key requests \(3 a minute/);
    expect(limited.message).toMatch(/KeyDeck will ask again at \d{1,2}[:.]\d{2}/);
    expect(keyRequests(r.sim)).toHaveLength(4);
    await sleep(1_200); // no retry storm
    expect(keyRequests(r.sim)).toHaveLength(4);
    expect(stored(r, started.id)).toMatchObject({ phase: 'rate-limited', rateLimits: 1, requests: 1 });

    // A minute later (both clocks), on the safety-net alarm's resume(), it asks again: one request.
    r.sim.advance(60_000);
    r.clock.jump(60_000);
    await r.workflow.resume();
    const waiting = await waitForFlow(r.workflow, started.id, (f) => f.phase === 'waiting', 3_000);
    expect(waiting.message).toMatch(/click Allow/);
    expect(keyRequests(r.sim)).toHaveLength(5);
    expect(r.sim.pending().map((p) => p.appId)).toEqual([APP]);
  });

  it('still refused after waiting 1 minute, 10 minutes and 1 hour: the flow ends "rate-limited" and says to try later', async () => {
    const r = await rig({ clock: 'manual' }); // the simulator's clock stands still: its limiter stays full
    for (const n of [1, 2, 3]) expect(await requestAsOtherApp(r.sim, `Other App ${n}`)).toBe(201);
    const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP });
    await waitForFlow(r.workflow, started.id, (f) => f.phase === 'rate-limited', 3_000);
    for (const [i, wait] of [60_000, 10 * 60_000, 60 * 60_000].entries()) {
      r.clock.jump(wait);
      await r.workflow.resume();
      await waitUntil(() => stored(r, started.id).requests === i + 2, 3_000, `attempt ${i + 2} refused`);
      expect(stored(r, started.id).phase).toBe(i < 2 ? 'rate-limited' : 'failed');
    }
    const failed = await waitForFlow(r.workflow, started.id, ended, 3_000);
    expect(failed).toMatchObject({ phase: 'failed', outcome: 'rate-limited' });
    expect(failed.message).toMatch(/at most 10 an hour/);
    expect(failed.message).toMatch(/Try again later/);
    expect(keyRequests(r.sim)).toHaveLength(3 + 4);
  });
});

describe('servers that cannot give a key', () => {
  it.each([
    ['the Application Keys plugin is disabled', 'unsupported', { pluginEnabled: false }, /has no Application Keys plugin/],
    ['the server is not set up yet', 'not-set-up', { setUp: false }, /is not set up yet.*setup wizard/],
    ['HTTP basic auth is in front and KeyDeck has no credentials for it', 'basic-auth', { basicAuth: PROXY }, /asks for a user name and password \(HTTP basic auth\)/],
  ])('%s: "%s" at once, without asking for a key', async (_, outcome, options, message) => {
    const r = await rig({ clock: 'manual', ...options });
    const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP });
    const failed = await waitForFlow(r.workflow, started.id, ended, 3_000);
    expect(failed).toMatchObject({ phase: 'failed', outcome });
    expect(failed.message).toMatch(message);
    expect(failed.message).toContain(host(r.sim));
    expect(r.sim.requestLog.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /plugin/appkeys/probe']);
    expect(await r.vault.all()).toEqual([]);
  });

  it('an unreachable server (closed port): "unreachable" after 3 bounded attempts', async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const r = await rig({ clock: 'manual' }, { fetch: counting });
    await r.sim.close();
    const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP });
    const retrying = await waitForFlow(r.workflow, started.id, (f) => /Retrying/.test(f.message), 2_000);
    expect(retrying.phase).toBe('starting');
    expect(retrying.message).toBe(`Could not reach ${host(r.sim)}. Retrying…`);
    const failed = await waitForFlow(r.workflow, started.id, ended, 6_000);
    expect(failed).toMatchObject({ phase: 'failed', outcome: 'unreachable' });
    expect(failed.message).toMatch(/Could not reach 127\.0\.0\.1:\d+\. Check the address and that the server is on/);
    expect(calls).toBe(3);
    expect(stored(r, started.id).requests).toBe(0); // it never got as far as asking for a key
  });
});

describe('HTTP basic auth, proxies and path prefixes', () => {
  it('basic auth in front, with its credentials: the flow completes and the saved entry keeps them', async () => {
    const r = await rig({ clock: 'manual', basicAuth: PROXY });
    const { id, token } = await startAndWait(r, { basicAuth: PROXY });
    r.sim.approve(token);
    const done = await waitForFlow(r.workflow, id, ended, 4_000);
    expect(done).toMatchObject({ phase: 'done', outcome: 'saved' });
    const credential = await savedCredential(r);
    expect(credential.secrets).toEqual({ apiKey: credential.secrets.apiKey, basicUser: PROXY.user, basicPassword: PROXY.password });
    expect(credential.verification?.ok).toBe(true);
    expect(r.sim.requestLog.every((e) => e.headers.authorization === PROXY_HEADER)).toBe(true);
    expectNoKeysOnTheWire(r.sim, credential.secrets.apiKey!);
    // The proxy password is the user's secret too: never in what the popup is shown.
    expect(JSON.stringify([r.views, await r.workflow.list()])).not.toContain(PROXY.password);
  });

  it('behind a path prefix (/octoprint): every call carries it, and polls go to the Location OctoPrint gave', async () => {
    const r = await rig({ clock: 'manual', basePath: '/octoprint' });
    expect(r.sim.url).toMatch(/:\d+\/octoprint$/);
    const { id, token } = await startAndWait(r);
    expect(await r.workflow.decisionUrl(id)).toBe(`${r.sim.url}/plugin/appkeys/auth/${token}`);
    r.sim.approve(token);
    const done = await waitForFlow(r.workflow, id, ended, 4_000);
    expect(done).toMatchObject({ phase: 'done', outcome: 'saved' });
    const credential = await savedCredential(r);
    expect(credential.serviceUrl).toBe(r.sim.url);
    expect(credential.verification?.ok).toBe(true);
    expect(r.sim.requestLog.every((e) => e.path.startsWith('/octoprint/'))).toBe(true);
    expect(polls(r.sim).length).toBeGreaterThanOrEqual(1);
    expect(polls(r.sim).every((e) => e.path === `/octoprint/plugin/appkeys/request/${token}`)).toBe(true);
  });

  it('a proxy that advertises another address than the one entered: polls stay on the entered address (standard path), and the flow completes', async () => {
    // A proxy in front says (X-Forwarded-Host) the server's public address is another port, which
    // leads to the same server: OctoPrint's Location and auth_dialog name that address. KeyDeck sends
    // the proxy's credentials only to the origin the user entered (issue 9), so it polls OctoPrint's
    // standard path there, which reaches the same request.
    let advertised = '';
    const viaProxy: typeof fetch = (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'X-Forwarded-Host': advertised } });
    const r = await rig({ clock: 'manual' }, { fetch: viaProxy });
    const forwarder = await startForwarder(r.sim.port);
    closeLater(() => forwarder.close());
    advertised = `127.0.0.1:${forwarder.port}`;
    const { id, token } = await startAndWait(r);
    r.sim.approve(token);
    expect(await waitForFlow(r.workflow, id, ended, 4_000)).toMatchObject({ outcome: 'saved' });
    const direct = `127.0.0.1:${r.sim.port}`;
    expect(r.sim.requestLog.filter(isProbe).map((e) => e.headers.host)).toEqual([direct]);
    expect(keyRequests(r.sim).map((e) => e.headers.host)).toEqual([direct]);
    expect(polls(r.sim).length).toBeGreaterThanOrEqual(1);
    expect(polls(r.sim).every((e) => e.headers.host === direct && e.path === `/plugin/appkeys/request/${token}`)).toBe(true);
    expect(await r.workflow.decisionUrl(id)).toBe(`${r.sim.url}/plugin/appkeys/auth/${token}`);
    expect((await savedCredential(r)).serviceUrl).toBe(r.sim.url); // what the user entered
  });
});

describe('trouble while waiting', () => {
  it('the server stays unreachable until the 10 minutes are over: "unreachable", saying KeyDeck kept trying, and no more polls', async () => {
    const r = await rig({ clock: 'manual' });
    const { id } = await startAndWait(r);
    r.sim.setFault({ kind: 'drop' }, '/plugin/appkeys/request/');
    await waitForFlow(r.workflow, id, (f) => /Retrying…$/.test(f.message), 3_000);
    r.clock.jump(10 * 60_000);
    const failed = await waitForFlow(r.workflow, id, ended, 6_000);
    expect(failed).toMatchObject({ phase: 'failed', outcome: 'unreachable' });
    expect(failed.message).toMatch(/could not reach 127\.0\.0\.1:\d+ and kept trying for the 10 minutes/);
    const seen = polls(r.sim).length;
    await new Promise((done) => setTimeout(done, 1_500)); // a poll would be due by now if any were scheduled
    expect(polls(r.sim).length).toBe(seen);
  });

  it.each([
    ['500 errors', { kind: 'status500' } as const, /^OctoPrint on 127\.0\.0\.1:\d+ had a problem \(HTTP 500.*\)\. Retrying…$/],
    ['dropped connections', { kind: 'drop' } as const, /^Could not reach 127\.0\.0\.1:\d+\. Retrying…$/],
  ])('%s: the user sees KeyDeck retrying; once the server is fine the approval still lands', async (_, fault, interim) => {
    const r = await rig({ clock: 'manual' });
    const { id, token } = await startAndWait(r);
    r.sim.setFault(fault, '/plugin/appkeys/request/');
    const retrying = await waitForFlow(r.workflow, id, (f) => interim.test(f.message), 3_000);
    expect(retrying.phase).toBe('waiting');
    expect(stored(r, id).failures).toBeGreaterThanOrEqual(1);
    r.sim.setFault(null);
    r.sim.approve(token);
    const done = await waitForFlow(r.workflow, id, ended, 6_000);
    expect(done).toMatchObject({ phase: 'done', outcome: 'saved' });
    expect(done.message).toMatch(/^Works as admin/);
    await savedCredential(r);
    expect(keyRequests(r.sim)).toHaveLength(1);
  });

  it('invalid JSON in the answer to the key request: "server-error" saying so, no second request on its own; Try again gets the key', async () => {
    const r = await rig({ clock: 'manual' });
    r.sim.setFault({ kind: 'invalidJson' }, '/plugin/appkeys/request');
    const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP });
    const failed = await waitForFlow(r.workflow, started.id, ended, 3_000);
    expect(failed).toMatchObject({ phase: 'failed', outcome: 'server-error' });
    expect(failed.message).toBe(`OctoPrint on ${host(r.sim)} answered in a way KeyDeck did not expect (HTTP 201: The answer was not the JSON OctoPrint sends.).`);
    expect(keyRequests(r.sim)).toHaveLength(1);
    expect(polls(r.sim)).toEqual([]); // nothing was polled on a guess
    r.sim.advance(5_100); // the request OctoPrint did make, unpolled, is gone 5 s later
    expect(r.sim.pending()).toEqual([]);
    r.sim.setFault(null);
    await r.workflow.dismiss(started.id);
    const { id, token } = await startAndWait(r);
    r.sim.approve(token);
    expect(await waitForFlow(r.workflow, id, ended, 4_000)).toMatchObject({ phase: 'done', outcome: 'saved' });
    await savedCredential(r);
    expect(keyRequests(r.sim)).toHaveLength(2);
  });

  it('a broken answer to the poll that carries the key: "server-error" (OctoPrint hands a key out only once)', async () => {
    const r = await rig({ clock: 'manual' });
    const { id, token } = await startAndWait(r);
    r.sim.setFault({ kind: 'invalidJson' }, '/plugin/appkeys/request/');
    r.sim.approve(token);
    const failed = await waitForFlow(r.workflow, id, ended, 4_000);
    expect(failed).toMatchObject({ phase: 'failed', outcome: 'server-error' });
    expect(failed.message).toMatch(/did not expect \(HTTP 200/);
    expect(await r.vault.all()).toEqual([]);
    expect(r.sim.keys()).toHaveLength(1); // made on the server, lost on the way
  });

  it('a slow server (0.8 s per appkeys answer, under the client’s time limits) still completes, without retries', async () => {
    const r = await rig({ clock: 'manual' });
    r.sim.setFault({ kind: 'slow', ms: 800 }, '/plugin/appkeys/');
    const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP });
    r.sim.approve(await pendingToken(r.sim, 4_000));
    const done = await waitForFlow(r.workflow, started.id, ended, 8_000);
    expect(done).toMatchObject({ phase: 'done', outcome: 'saved' });
    await savedCredential(r);
    expect(r.views.some((v) => /Retrying/.test(v.message))).toBe(false);
    expect(r.sim.requestLog.filter(isWorkflowCall).map((e) => e.method)).toEqual(['GET', 'POST', 'GET']);
  });
});

describe('key formats and getting the key at once', () => {
  it.each([
    ['1.10.2', /^[0-9A-F]{32}$/],
    ['1.11.8', /^[A-Za-z0-9_-]{43}$/],
  ])('OctoPrint %s: the key is stored as issued, in its format', async (version, format) => {
    const r = await rig({ clock: 'manual', version });
    const { id, token } = await startAndWait(r);
    r.sim.approve(token);
    const done = await waitForFlow(r.workflow, id, ended, 4_000);
    expect(done).toMatchObject({ phase: 'done', outcome: 'saved' });
    const credential = await savedCredential(r);
    expect(credential.secrets.apiKey).toMatch(format);
    expect(credential.verification).toMatchObject({ ok: true, serverVersion: version });
    expectNoKeysOnTheWire(r.sim, credential.secrets.apiKey!); // 1.10.2 would answer 403 to a key there
  });

  it('decided(origin) right after Allow: KeyDeck polls at once instead of waiting for the scheduled poll', async () => {
    const timers = heldTimers(); // scheduled polls never come unless the test fires them
    const r = await rig({ clock: 'manual' }, { timers, clock: createFrozenClock() });
    const { id, token } = await startAndWait(r);
    expect(timers.delays()).toEqual([POLL_INTERVAL_MS]); // the regular poll, a second out
    expect(polls(r.sim)).toEqual([]);
    r.sim.approve(token);
    await r.workflow.decided(origin(r.sim));
    const done = await waitForFlow(r.workflow, id, ended, 4_000);
    expect(done).toMatchObject({ phase: 'done', outcome: 'saved' });
    expect(polls(r.sim)).toHaveLength(1); // the one poll decided() sent, which got the key
    expect(timers.fired).toBe(0);
    expect(done.credentialId).toBe((await savedCredential(r)).id);
    expect(timers.delays()).toEqual([]); // nothing left to wake up for
  });

  it('decided(origin) before OctoPrint has the decision: polls follow 40 ms apart for 3 s, then once a second again', async () => {
    const timers = heldTimers();
    const r = await rig({ clock: 'manual' }, { timers, clock: createFrozenClock() });
    const { id } = await startAndWait(r);
    await r.workflow.decided(origin(r.sim));
    await waitUntil(() => stored(r, id).polls === 1, 3_000, 'the poll decided() sent');
    await waitUntil(() => timers.delays()[0] === BURST_INTERVAL_MS, 1_000, 'a fast poll scheduled');
    expect(timers.delays()).toEqual([BURST_INTERVAL_MS]);
    r.clock.jump(BURST_INTERVAL_MS); // the workflow's clock moves only when told
    timers.fire();
    await waitUntil(() => stored(r, id).polls === 2, 3_000, 'the fast poll');
    await waitUntil(() => timers.delays().length === 1, 1_000, 'the next poll scheduled');
    expect(timers.delays()).toEqual([BURST_INTERVAL_MS]);
    r.clock.jump(3_000); // the burst is over
    timers.fire();
    await waitUntil(() => stored(r, id).polls === 3, 3_000, 'the last fast poll');
    await waitUntil(() => timers.delays().length === 1, 1_000, 'the next poll scheduled');
    expect(timers.delays()).toEqual([POLL_INTERVAL_MS]);
    expect(polls(r.sim)).toHaveLength(3);
  });

  it('the vault cannot be written: "vault", the message says why, and the key is kept for the user', async () => {
    const r = await rig({ clock: 'manual' });
    await r.local.set({ vault: 'damaged' });
    const { id, token } = await startAndWait(r);
    r.sim.approve(token);
    const failed = await waitForFlow(r.workflow, id, ended, 4_000);
    expect(failed).toMatchObject({ phase: 'failed', outcome: 'vault' });
    expect(failed.message).toMatch(/^The key arrived but is NOT saved: Your stored keys could not be read/);
    const key = r.sim.keys()[0]!.apiKey;
    expect(await r.workflow.unsavedKey(id)).toBe(key);
    expect(JSON.stringify([r.views, await r.workflow.list()])).not.toContain(key);
    expect(r.local.snapshot().vault).toBe('damaged'); // left untouched
  });
});
