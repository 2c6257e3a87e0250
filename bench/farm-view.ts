// `npm run build:test && npx tsx bench/farm-view.ts [servers=200] [seconds=20]`: the farm view in
// headless Chromium (KeyDeck's test build) with a farm of simulated OctoPrint servers on 127.0.0.1,
// while their rows update — probes, key requests, polls, and each Allow 2–20 s after its request
// appeared. Records requestAnimationFrame deltas and long tasks in the farm page for `seconds`.
// Not a test: nothing fails. Loopback only.
import { launchChromium } from '../test/e2e/harness/chromium.ts';
import { startOctoPrintSim } from '../test/sim/octoprint/index.ts';
import { describe } from './stats.ts';

const SERVERS = Number(process.argv[2] ?? 200);
const SECONDS = Number(process.argv[3] ?? 20);
const APP = 'FDM Monster';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const sims = await Promise.all(Array.from({ length: SERVERS }, () => startOctoPrintSim()));
const browser = await launchChromium();
let approving = true;
try {
  const page = await browser.context.newPage();
  await page.goto(browser.pageUrl('src/popup/index.html?view=farm'));
  await page.getByLabel('Servers', { exact: true }).fill(sims.map((sim) => sim.url).join('\n'));
  await page.getByLabel('App name').fill(APP);
  const began = Date.now();
  await page.getByRole('button', { name: 'Get keys', exact: true }).click();

  // The person: each Allow 2–20 s after that server's request appeared.
  const allowAt = new Map<number, number>();
  const person = (async () => {
    while (approving) {
      sims.forEach((sim, i) => {
        const pending = sim.pending().find((p) => p.appId === APP);
        if (!pending) return;
        if (!allowAt.has(i)) allowAt.set(i, Date.now() + 2_000 + Math.random() * 18_000);
        if (Date.now() >= allowAt.get(i)!) sim.approve(pending.appToken);
      });
      await sleep(100);
    }
  })();

  // As source text: tsx would otherwise wrap the page's named functions in a helper the page lacks.
  const measured = (await page.evaluate(`(async (ms) => {
    let longTasks = 0;
    let longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        longTasks++;
        longest = Math.max(longest, entry.duration);
      }
    }).observe({ type: 'longtask', buffered: false });
    const deltas = [];
    await new Promise((done) => {
      let last = performance.now();
      const end = last + ms;
      const frame = (at) => {
        deltas.push(at - last);
        last = at;
        if (at < end) requestAnimationFrame(frame);
        else done();
      };
      requestAnimationFrame(frame);
    });
    return { deltas, longTasks, longest, rows: document.querySelectorAll('.farm-row').length };
  })(${SECONDS * 1000})`)) as { deltas: number[]; longTasks: number; longest: number; rows: number };

  // Then until every row is verified (bounded), for the wall time.
  const progress = page.getByText(`${SERVERS} of ${SERVERS} done · ${SERVERS} with a key`);
  await progress.waitFor({ timeout: 120_000 }).catch(() => undefined);
  const done = (await progress.count()) > 0;
  console.log(`farm view, ${SERVERS} servers, ${SECONDS} s while rows update (headless Chromium):`);
  console.log(`  rows on the page:        ${measured.rows}`);
  console.log(`  frame time (rAF delta):  ${describe(measured.deltas)}`);
  console.log(`  frames over 20 ms:       ${measured.deltas.filter((d) => d > 20).length} of ${measured.deltas.length}`);
  console.log(`  long tasks (> 50 ms):    ${measured.longTasks}, longest ${measured.longest.toFixed(0)} ms`);
  console.log(`  every row verified:      ${done ? `yes, ${((Date.now() - began) / 1000).toFixed(1)} s after Get keys` : 'not within 2 minutes'}`);
  approving = false;
  await person;
} finally {
  approving = false;
  await browser.close();
  await Promise.all(sims.map((sim) => sim.close()));
}
