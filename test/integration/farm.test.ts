// The print farm of the background (farm service + probe + the real OctoPrint workflow, client, http
// and vault) against 50 simulated OctoPrint servers, each on its own loopback address (127.0.0.x),
// over real HTTP. The person is played through the simulators: Allow and Deny as the user clicks
// them in OctoPrint (sim.approve / sim.deny), other apps asking first to use up a rate limit. The keys
// the farm got then go, through the background's `fdm.send`, to the REAL FDM Monster 2.1.1
// (test/fdm-monster/server.ts, loopback only), which checks each with its OctoPrint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FARM_CONCURRENCY } from '../../src/background/farm/farm-service';
import type { FarmRowState } from '../../src/shared/farm';
import { startOctoPrintSim } from '../sim/octoprint';
import type { OctoPrintSim } from '../sim/octoprint/types';
import { startFdmMonster, type FdmMonster } from '../fdm-monster/server';
import { FARM_APP as APP, farmMessages, farmToken, rowOf, useFarmRigs } from './support/farm-rig';
import { isKeyRequest } from './support/rig';
import { requestAsOtherApp } from './support/sim-api';
import { waitUntil } from './support/wait';

const { farmRig, notOctoPrint, closedPort, closeLater } = useFarmRigs();

type Kind = 'allow' | 'deny' | 'slow' | 'rate-limited' | 'unreachable' | 'no-plugin' | 'not-octoprint';
const MIX: [Kind, number][] = [
  ['allow', 24],
  ['deny', 6],
  ['slow', 4],
  ['rate-limited', 4],
  ['unreachable', 5],
  ['no-plugin', 4],
  ['not-octoprint', 3],
];

interface Member {
  kind: Kind;
  url: string;
  sim?: OctoPrintSim;
}

/** 50 servers on 127.0.0.2 … 127.0.0.51, in the order of MIX. */
async function startFarmServers(): Promise<Member[]> {
  const kinds = MIX.flatMap(([kind, count]) => Array<Kind>(count).fill(kind));
  return Promise.all(
    kinds.map(async (kind, index): Promise<Member> => {
      const host = `127.0.0.${index + 2}`;
      if (kind === 'unreachable') return { kind, url: await closedPort(host) };
      if (kind === 'not-octoprint') return { kind, url: (await notOctoPrint(host)).url };
      const sim = await startOctoPrintSim({
        host,
        ...(kind === 'no-plugin' ? { pluginEnabled: false } : {}),
        // Rate windows pass only when the test says so; the others run in real time (5 s drops included).
        ...(kind === 'rate-limited' ? { clock: 'manual' as const } : {}),
      });
      closeLater(() => sim.close());
      // Set up as the farm managers' guides say: the user the keys are for is in Admins and Operator.
      sim.setGroups('admin', ['admins', 'users']);
      if (kind === 'slow') sim.setFault({ kind: 'slow', ms: 1_200 });
      // Three other apps asked this minute: OctoPrint refuses a fourth request until the minute is over.
      if (kind === 'rate-limited') for (const app of ['Cura', 'OctoApp', 'Home Assistant']) expect(await requestAsOtherApp(sim, app)).toBe(201);
      return { kind, url: sim.url, sim };
    }),
  );
}


const EXPECTED: Record<Kind, FarmRowState> = {
  allow: 'verified',
  slow: 'verified',
  'rate-limited': 'rate-limited',
  deny: 'denied',
  unreachable: 'unreachable',
  'no-plugin': 'no-plugin',
  'not-octoprint': 'not-octoprint',
};

let fdm: FdmMonster | undefined;
beforeAll(async () => {
  fdm = await startFdmMonster();
}, 120_000);
afterAll(async () => {
  await fdm?.close();
});

describe('a farm of 50 OctoPrint servers', () => {
  it('every server ends in the state that fits it; Allow on each puts exactly those keys in the vault, verified; one request per server; FDM Monster then holds exactly those printers and keys', async () => {
    const members = await startFarmServers();
    const r = farmRig();
    const started = await r.farm.start({ app: APP, servers: members.map((m) => ({ url: m.url, name: `${m.kind} ${m.url}` })) });
    expect(started.rows).toHaveLength(50);
    expect(r.farm.provider).toBe('octoprint');
    expect(started.rows.every((row) => row.state === 'queued' || row.state === 'probing')).toBe(true);

    // The user goes from server to server, clicking Allow (or Deny) in each OctoPrint as its notice appears.
    const answered = new Set<string>();
    await waitUntil(
      async () => {
        for (const m of members) {
          if (!m.sim || answered.has(m.url) || !['allow', 'slow', 'deny'].includes(m.kind)) continue;
          const token = farmToken(m.sim);
          if (!token) continue;
          expect(m.kind === 'deny' ? m.sim.deny(token) : m.sim.approve(token)).toBe(true);
          answered.add(m.url);
        }
        return answered.size === 34;
      },
      40_000,
      'a key request on each of the 34 servers that can answer',
      50,
    );

    const settled = await waitUntil(
      async () => {
        const view = await r.farm.status();
        return members.every((m) => rowOf(view, m.url).state === EXPECTED[m.kind]) ? view : null;
      },
      40_000,
      'every row in its expected state',
      100,
    );

    for (const m of members) {
      const row = rowOf(settled, m.url);
      expect(row.name).toBe(`${m.kind} ${m.url}`);
      if (m.kind === 'allow' || m.kind === 'slow') {
        expect(row).toMatchObject({ user: 'admin', message: 'Works as admin on OctoPrint 1.11.8.' });
        expect(row.warnings).toEqual(expect.arrayContaining([expect.stringContaining('CORS is off')]));
      }
      if (m.kind === 'rate-limited') {
        expect(row.retryAt).toBeGreaterThan(Date.now() + 50_000);
        expect(row.message).toMatch(/KeyDeck will ask again at/);
      }
      if (m.kind === 'deny') expect(row.message).toMatch(/denied/);
      if (m.kind === 'unreachable') expect(row.message).toBe(`Could not reach ${new URL(m.url).host}.`);
      if (m.kind === 'no-plugin') expect(row.message).toMatch(/has no Application Keys plugin/);
      if (m.kind === 'not-octoprint') expect(row.message).toMatch(/answers, but not as OctoPrint/);
    }

    // The minute passes (on those servers' clocks and KeyDeck's); the alarm wakes the workflow, which asks again.
    for (const m of members.filter((x) => x.kind === 'rate-limited')) m.sim!.advance(61_000);
    r.clock.jump(61_000);
    await r.workflow.resume();
    const limited = members.filter((m) => m.kind === 'rate-limited');
    await waitUntil(
      () => {
        for (const m of limited) {
          const token = farmToken(m.sim!);
          if (token && !answered.has(m.url)) {
            expect(m.sim!.approve(token)).toBe(true);
            answered.add(m.url);
          }
        }
        return answered.size === 38;
      },
      15_000,
      'the rate-limited servers asked again',
      50,
    );
    const final = await waitUntil(
      async () => {
        const view = await r.farm.status();
        return limited.every((m) => rowOf(view, m.url).state === 'verified') ? view : null;
      },
      15_000,
      'the rate-limited servers verified',
      100,
    );

    // The vault holds exactly the keys the allowing servers issued, one each.
    const withKeys = members.filter((m) => ['allow', 'slow', 'rate-limited'].includes(m.kind));
    const credentials = await r.vault.all();
    expect(credentials.map((c) => c.serviceUrl).sort()).toEqual(withKeys.map((m) => m.url).sort());
    for (const m of withKeys) {
      const issued = m.sim!.keys().filter((k) => k.appId === APP);
      expect(issued).toHaveLength(1);
      const credential = credentials.find((c) => c.serviceUrl === m.url)!;
      expect(credential.secrets.apiKey).toBe(issued[0]!.apiKey);
      expect(rowOf(final, m.url).credentialId).toBe(credential.id);
    }

    // One key request per server (the rate-limited ones: the refused one and the one after the wait).
    for (const m of members.filter((x) => x.sim)) {
      const ours = m.sim!.requestLog.filter(isKeyRequest).length - (m.kind === 'rate-limited' ? 3 : 0);
      expect(ours, m.url).toBe(m.kind === 'no-plugin' ? 0 : m.kind === 'rate-limited' ? 2 : 1);
    }
    // A server without the plugin: the user adds its key by hand (manual entry); the row then holds it.
    const noPlugin = members.find((m) => m.kind === 'no-plugin')!;
    const manual = await r.vault.add({ provider: 'octoprint', serviceUrl: noPlugin.url, app: APP, secrets: { apiKey: noPlugin.sim!.users.bob.apiKey }, source: 'manual', createdAt: Date.now() });
    expect(rowOf(await r.farm.status(), noPlugin.url)).toMatchObject({ state: 'allowed', credentialId: manual.id });

    // Nothing secret in the farm's own stored item.
    const stored = JSON.stringify(r.local.snapshot().farm);
    for (const c of await r.vault.all()) expect(stored).not.toContain(c.secrets.apiKey);
    // Never more than the farm's bound of servers probed at once (and the bound was used).
    expect(r.mostProbesAtOnce()).toBe(FARM_CONCURRENCY);

    // The user sends the keys the farm got to FDM Monster (its operator key pasted into KeyDeck), as the
    // farm page does: one `fdm.send` for the selection. FDM Monster checks each key with its OctoPrint.
    const send = farmMessages(r);
    const { url: fdmUrl, operatorKey } = fdm!;
    const { credential: target } = await send('vault.add', { provider: 'fdm-monster', serviceUrl: fdmUrl, app: 'KeyDeck farm', apiKey: operatorKey.token });
    const allowed = withKeys.map((m) => ({ m, id: rowOf(final, m.url).credentialId! }));
    const { results } = await send('fdm.send', { targetId: target.id, credentialIds: allowed.map((a) => a.id) });
    expect(results).toEqual(
      allowed.map(({ m, id }) => ({ credentialId: id, status: 'created', message: `Printer ${new URL(m.url).host} added, and FDM Monster checked the key with OctoPrint.` })),
    );
    // FDM Monster's own printer list (read with the admin's JWT): exactly the allowed servers, each with
    // the key its OctoPrint issued; none of the denied, unreachable, plugin-less or non-OctoPrint ones.
    const listed = await fdm!.api('GET', '/api/v2/printer');
    expect(listed.status).toBe(200);
    const held = (listed.json as { printerURL: string; apiKey: string }[]).map((p) => [p.printerURL, p.apiKey]);
    expect(held.sort()).toEqual(withKeys.map((m) => [m.url, m.sim!.keys().find((k) => k.appId === APP)!.apiKey]).sort());
  }, 180_000);
});
