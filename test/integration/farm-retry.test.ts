// The farm's Retry, Retry all failed and Cancel all, and a worker stopped mid-farm, against simulated
// OctoPrint servers on their own loopback addresses (127.0.0.6x), over real HTTP (see farm.test.ts).
import { describe, expect, it } from 'vitest';
import type { FarmRowState } from '../../src/shared/farm';
import { startOctoPrintSim } from '../sim/octoprint';
import { FARM_APP as APP, farmToken, rowOf, useFarmRigs } from './support/farm-rig';
import { isKeyRequest } from './support/rig';
import { waitUntil } from './support/wait';

const { farmRig, closedPort, closeLater } = useFarmRigs();

describe('retry, cancel, and a stopped worker', () => {
  const stateOf = async (r: ReturnType<typeof farmRig>, url: string) => rowOf(await r.farm.status(), url).state;
  const until = (r: ReturnType<typeof farmRig>, url: string, state: FarmRowState, timeoutMs = 10_000) =>
    waitUntil(async () => (await stateOf(r, url)) === state, timeoutMs, `${url} ${state}`, 25);

  it('an unreachable server that comes up: Retry probes it again, asks for a key, and Allow lands', async () => {
    const url = await closedPort('127.0.0.60');
    const r = farmRig();
    await r.farm.start({ app: APP, servers: [{ url }] });
    await until(r, url, 'unreachable');
    const sim = await startOctoPrintSim({ host: '127.0.0.60', port: Number(new URL(url).port) });
    closeLater(() => sim.close());
    await r.farm.retry(url);
    await until(r, url, 'waiting');
    expect(sim.approve(farmToken(sim)!)).toBe(true);
    await until(r, url, 'verified');
    expect(sim.requestLog.filter(isKeyRequest)).toHaveLength(1);
  });

  it('Cancel all: the request under way is cancelled, servers not reached yet are never asked; Retry all failed then asks them all', async () => {
    const sims = await Promise.all([61, 62, 63].map((n) => startOctoPrintSim({ host: `127.0.0.${n}` })));
    for (const sim of sims) closeLater(() => sim.close());
    const r = farmRig({ concurrency: 1 });
    // The first server's probe is held until the cancel: the other two are still waiting for their turn.
    sims[0]!.setFault({ kind: 'slow', ms: 400 }, '/plugin/appkeys/probe');
    await r.farm.start({ app: APP, servers: sims.map((sim) => ({ url: sim.url })) });
    await until(r, sims[0]!.url, 'probing');
    expect(await r.farm.cancelAll()).toBe(3);
    for (const sim of sims.slice(1)) expect(await stateOf(r, sim.url)).toBe('cancelled');
    // Once the held probe is back, the first is cancelled too: no key request, and no turn for the others.
    await until(r, sims[0]!.url, 'cancelled');
    expect((await r.farm.status())!.rows.map((row) => row.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(sims.map((sim) => sim.requestLog.filter(isKeyRequest).length)).toEqual([0, 0, 0]);
    expect(sims.slice(1).every((sim) => sim.requestLog.length === 0)).toBe(true);

    sims[0]!.setFault(null);
    expect(await r.farm.retryFailed()).toBe(3);
    for (const sim of sims) await until(r, sim.url, 'waiting');
    // Now a request is under way on each: Cancel all cancels them, and OctoPrint is told nothing more.
    expect(await r.farm.cancelAll()).toBe(3);
    for (const sim of sims) await until(r, sim.url, 'cancelled');
    const view = await r.farm.status();
    for (const sim of sims) expect(rowOf(view, sim.url).message).toMatch(/^Cancelled/);
  });

  it('a worker stopped while servers wait for their turn: the next worker probes them when the view asks', async () => {
    const sims = await Promise.all([64, 65].map((n) => startOctoPrintSim({ host: `127.0.0.${n}` })));
    for (const sim of sims) closeLater(() => sim.close());
    const first = farmRig({ concurrency: 1 });
    // The first worker's probe of the first server gets no answer before that worker is gone.
    sims[0]!.setFault({ kind: 'slow', ms: 4_500 }, '/plugin/appkeys/probe');
    await first.farm.start({ app: APP, servers: sims.map((sim) => ({ url: sim.url })) });
    await waitUntil(() => sims[0]!.requestLog.length > 0, 5_000, 'the first probe on the wire');
    sims[0]!.setFault(null);
    // The worker stops mid-probe: its timers and what it was waiting for are gone with it.
    first.timers.drop();
    const second = first.restarted();
    // Nothing was recorded for either; the view asking the new worker starts their turns (as resume() at its start does).
    expect((await second.farm.status())!.rows.map((row) => row.state)).toEqual(['probing', 'queued']);
    for (const sim of sims) await until(second, sim.url, 'waiting');
    for (const sim of sims) expect(sim.approve(farmToken(sim)!)).toBe(true);
    for (const sim of sims) await until(second, sim.url, 'verified');
  });
});
