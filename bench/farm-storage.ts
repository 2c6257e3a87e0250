// `npx tsx bench/farm-storage.ts [flows=200] [seconds=10]`: what the OctoPrint workflow costs in
// storage.session while a farm's flows all wait for Allow (each polled about once a second). The real
// workflow, client and http against one simulator per flow (127.0.1.x), over an in-memory storage that
// clones values on the way in and out as the browser's does. Prints writes and reads of the `flows`
// item per second, bytes written per second, and the time spent in them (parse and clone included).
// Not a test: nothing fails. Loopback only.
import { createHttp } from '../src/providers/http.ts';
import { createOctoPrintClient } from '../src/providers/octoprint/client.ts';
import type { FlowState } from '../src/providers/octoprint/flow-state.ts';
import { createOctoPrintWorkflow } from '../src/providers/octoprint/workflow.ts';
import { createStore, type StoredItem } from '../src/storage/index.ts';
import { startOctoPrintSim } from '../test/sim/octoprint/index.ts';
import { createMemoryStorage, memoryBackend } from '../test/integration/support/memory-storage.ts';
import { workerTimers } from '../test/integration/support/timers.ts';
import { testVault } from '../test/support/test-vault.ts';

const FLOWS = Number(process.argv[2] ?? 200);
const SECONDS = Number(process.argv[3] ?? 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const counters = { reads: 0, writes: 0, bytes: 0, readMs: 0, writeMs: 0 };
/** The `flows` item, counted and timed (a read includes the parse of every flow; a write, its clone). */
function counted(item: StoredItem<Record<string, FlowState>>): StoredItem<Record<string, FlowState>> {
  return {
    ...item,
    async get() {
      const start = performance.now();
      try {
        return await item.get();
      } finally {
        counters.reads++;
        counters.readMs += performance.now() - start;
      }
    },
    async set(value) {
      const start = performance.now();
      counters.bytes += JSON.stringify(value).length;
      try {
        return await item.set(value);
      } finally {
        counters.writes++;
        counters.writeMs += performance.now() - start;
      }
    },
  };
}

const sims = await Promise.all(Array.from({ length: FLOWS }, (_, i) => startOctoPrintSim({ host: `127.0.1.${i + 1}`, rateLimit: false })));
const session = createMemoryStorage();
const store = createStore(memoryBackend(createMemoryStorage(), session));
const timers = workerTimers();
const workflow = createOctoPrintWorkflow({ flows: counted(store.flows), vault: testVault(store), client: createOctoPrintClient(createHttp(fetch)), timers });
try {
  for (const sim of sims) await workflow.start({ serviceUrl: sim.url, app: 'FDM Monster' });
  for (let round = 0; round < 600; round++) {
    if ((await workflow.list()).every((flow) => flow.phase === 'waiting')) break;
    await sleep(100);
  }
  const polls = () => sims.reduce((sum, sim) => sum + sim.requestLog.filter((e) => /\/plugin\/appkeys\/request\/[^/]+$/.test(e.path)).length, 0);
  Object.assign(counters, { reads: 0, writes: 0, bytes: 0, readMs: 0, writeMs: 0 });
  const polled = polls();
  const cpu = process.cpuUsage();
  const began = performance.now();
  await sleep(SECONDS * 1000);
  const elapsed = (performance.now() - began) / 1000;
  const used = process.cpuUsage(cpu);
  const per = (n: number) => (n / elapsed).toFixed(1);
  const stored = JSON.stringify(session.snapshot()['octoprint.flows']).length;
  console.log(`${FLOWS} flows waiting for Allow, measured over ${elapsed.toFixed(1)} s:`);
  console.log(`  polls sent:            ${per(polls() - polled)} /s`);
  console.log(`  flows item written:    ${per(counters.writes)} /s, ${(counters.bytes / elapsed / 1e6).toFixed(2)} MB/s (the item is ${(stored / 1024).toFixed(0)} KB)`);
  console.log(`  flows item read:       ${per(counters.reads)} /s`);
  console.log(`  time in those writes:  ${(counters.writeMs / elapsed).toFixed(0)} ms/s; reads (parse included): ${(counters.readMs / elapsed).toFixed(0)} ms/s`);
  console.log(`  process CPU (all ${FLOWS} simulators included): ${(((used.user + used.system) / 1000 / elapsed / 10)).toFixed(0)} %`);
} finally {
  timers.drop();
  await Promise.all(sims.map((sim) => sim.close()));
}
