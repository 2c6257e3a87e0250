// `npx tsx bench/farm.ts [servers=200]`: a farm of simulated OctoPrint servers resolved by the
// background's farm (farm service, probe, OctoPrint workflow, client, http, vault — in Node, over
// in-memory storage; not in a browser), each Allow clicked 2–20 s after that server's request
// appears (a person going down the list). Prints the wall time, the total requests, and the peak
// requests per second any one server saw. Not a test: nothing fails. Loopback only (127.0.2.x).
import { createFarmService } from '../src/background/farm/farm-service.ts';
import { probeFarmServer } from '../src/background/farm/probe.ts';
import { createHttp } from '../src/providers/http.ts';
import { createOctoPrintClient } from '../src/providers/octoprint/client.ts';
import { createOctoPrintWorkflow } from '../src/providers/octoprint/workflow.ts';
import { createStore } from '../src/storage/index.ts';
import { startOctoPrintSim } from '../test/sim/octoprint/index.ts';
import { createMemoryStorage, memoryBackend } from '../test/integration/support/memory-storage.ts';
import { workerTimers } from '../test/integration/support/timers.ts';
import { testVault } from '../test/support/test-vault.ts';

const SERVERS = Number(process.argv[2] ?? 200);
const APP = 'FDM Monster';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const sims = await Promise.all(Array.from({ length: SERVERS }, (_, i) => startOctoPrintSim({ host: `127.0.2.${i + 1}` })));
const store = createStore(memoryBackend(createMemoryStorage(), createMemoryStorage()));
const vault = testVault(store);
const http = createHttp(fetch);
const client = createOctoPrintClient(http);
const timers = workerTimers();
const workflow = createOctoPrintWorkflow({ flows: store.flows, vault, client, timers });
const farm = createFarmService({ item: store.farm, workflow, probe: (url) => probeFarmServer(client, http, url), savedKeys: () => vault.list(), provider: 'octoprint' });

try {
  const began = performance.now();
  await farm.start({ app: APP, servers: sims.map((sim) => ({ url: sim.url })) });
  // Each Allow 2–20 s after that server's request appeared.
  const allowAt = new Map<number, number>();
  let allowed = 0;
  for (let round = 0; round < 20 * 60 * 10 && allowed < SERVERS; round++) {
    sims.forEach((sim, i) => {
      const pending = sim.pending().find((p) => p.appId === APP);
      if (!pending) return;
      if (!allowAt.has(i)) allowAt.set(i, Date.now() + 2_000 + Math.random() * 18_000);
      if (Date.now() >= allowAt.get(i)! && sim.approve(pending.appToken)) allowed++;
    });
    await sleep(100);
  }
  for (let round = 0; round < 600; round++) {
    const view = await farm.status();
    if (view?.rows.every((row) => row.state === 'verified')) break;
    await sleep(100);
  }
  const wall = (performance.now() - began) / 1000;
  const view = await farm.status();
  const verified = view?.rows.filter((row) => row.state === 'verified').length ?? 0;
  const total = sims.reduce((sum, sim) => sum + sim.requestLog.length, 0);
  // Peak per server: the most requests one server saw within any one second.
  let peak = 0;
  for (const sim of sims) {
    const times = sim.requestLog.map((entry) => entry.at).sort((a, b) => a - b);
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1_000) j++;
      peak = Math.max(peak, i - j + 1);
    }
  }
  console.log(`${SERVERS} servers, each Allow 2–20 s after its request appeared:`);
  console.log(`  verified:               ${verified} of ${SERVERS}`);
  console.log(`  wall time:              ${wall.toFixed(1)} s (start → every row verified)`);
  console.log(`  requests, all servers:  ${total} (${(total / SERVERS).toFixed(1)} a server: probe, login-page check if needed, key request, polls, verification)`);
  console.log(`  peak requests a second on one server: ${peak}`);
} finally {
  timers.drop();
  await Promise.all(sims.map((sim) => sim.close()));
}
