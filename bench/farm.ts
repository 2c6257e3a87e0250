// A print farm as its operator lives it: the farm view of the built extension in headless Chromium,
// simulated OctoPrint servers on 127.0.0.1, "Get keys", and each Allow clicked (through the
// simulator, as the user) 2–20 s after that server's request appeared. Wall time and the requests
// each server saw come from the simulators' request logs; frame times from the farm page itself
// while its rows update. Loopback only.
import type { ChromiumSession } from '../test/e2e/harness/chromium.ts';
import { startOctoPrintSim, type OctoPrintSim } from '../test/sim/octoprint/index.ts';

const APP = 'FDM Monster';
/** Every row verified within this long after Get keys, or the run reports what it got. */
const LIMIT_MS = 150_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FarmRun {
  servers: number;
  verified: number;
  /** Get keys → every row shows Verified (or the limit). */
  wallMs: number;
  totalRequests: number;
  /** The busiest server's busiest 1-second window. */
  peakPerSecond: number;
  /** Per server: its requests over the span from its first to its last (at least 1 s), averaged. */
  meanPerSecond: number;
  /** requestAnimationFrame deltas in the farm page from Get keys until every row is verified. */
  frames: number[];
  longTasks: number;
}

// Installed before the page's own script: rAF deltas and long tasks, from when `__farmBench.go` is set.
// Plain JavaScript in a string: tsx would wrap named functions in a helper the page does not have.
const RECORD_FRAMES = `
  const bench = (window.__farmBench = { go: false, deltas: [], longTasks: 0 });
  new PerformanceObserver((list) => { if (bench.go) bench.longTasks += list.getEntries().length; }).observe({ type: 'longtask' });
  let last = 0;
  const frame = (at) => {
    if (bench.go && last > 0) bench.deltas.push(at - last);
    last = at;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
`;

/** The most requests one server saw within any one second, and its mean rate while it was being asked. */
function rates(sims: OctoPrintSim[]): { peak: number; mean: number } {
  let peak = 0;
  let sum = 0;
  for (const sim of sims) {
    const times = sim.requestLog.map((entry) => entry.at).sort((a, b) => a - b);
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1_000) j++;
      peak = Math.max(peak, i - j + 1);
    }
    sum += times.length / Math.max(1, (times.at(-1)! - times[0]!) / 1000);
  }
  return { peak, mean: sum / sims.length };
}

export async function benchFarm(launch: () => Promise<ChromiumSession>, servers = 200): Promise<FarmRun> {
  const sims = await Promise.all(Array.from({ length: servers }, () => startOctoPrintSim()));
  // A browser of its own: a fresh profile, no vault seeded by the other figures.
  const browser = await launch();
  let approving = true;
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.addInitScript({ content: RECORD_FRAMES });
    await page.goto(browser.pageUrl('src/popup/index.html?view=farm'));
    await page.getByLabel('Servers', { exact: true }).fill(sims.map((sim) => sim.url).join('\n'));
    await page.getByLabel('App name').fill(APP);
    await page.evaluate('window.__farmBench.go = true');
    const began = Date.now();
    await page.getByRole('button', { name: 'Get keys', exact: true }).click();

    // The person going down the list: each Allow 2–20 s after that server's request appeared.
    const allowAt = new Map<OctoPrintSim, number>();
    const person = (async () => {
      while (approving) {
        for (const sim of sims) {
          const pending = sim.pending().find((p) => p.appId === APP);
          if (!pending) continue;
          if (!allowAt.has(sim)) allowAt.set(sim, Date.now() + 2_000 + Math.random() * 18_000);
          if (Date.now() >= allowAt.get(sim)!) sim.approve(pending.appToken);
        }
        await sleep(100);
      }
    })();

    const verifiedRows = () => page.evaluate(`document.querySelectorAll('.farm-state[data-state="verified"]').length`) as Promise<number>;
    let verified = 0;
    while (Date.now() - began < LIMIT_MS && (verified = await verifiedRows()) < servers) await sleep(250);
    const wallMs = Date.now() - began;
    approving = false;
    await person;
    const recorded = (await page.evaluate('window.__farmBench')) as { deltas: number[]; longTasks: number };
    const { peak, mean } = rates(sims);
    return {
      servers,
      verified,
      wallMs,
      totalRequests: sims.reduce((sum, sim) => sum + sim.requestLog.length, 0),
      peakPerSecond: peak,
      meanPerSecond: mean,
      frames: recorded.deltas,
      longTasks: recorded.longTasks,
    };
  } finally {
    approving = false;
    await browser.close();
    await Promise.all(sims.map((sim) => sim.close()));
  }
}
