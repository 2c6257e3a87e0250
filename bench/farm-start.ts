// `npm run build:test && npx tsx bench/farm-start.ts [servers=200]`: how long the farm view in headless
// Chromium (KeyDeck's test build) takes from "Get keys" until every server has been sent its key
// request, with simulated OctoPrint servers on 127.0.0.1; and, per server, the time from the farm's
// probe to that request. Nobody clicks Allow here. Not a test: nothing fails. Loopback only.
import { launchChromium } from '../test/e2e/harness/chromium.ts';
import { startOctoPrintSim } from '../test/sim/octoprint/index.ts';
import { describe } from './stats.ts';

const SERVERS = Number(process.argv[2] ?? 200);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const sims = await Promise.all(Array.from({ length: SERVERS }, () => startOctoPrintSim()));
const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  await page.goto(browser.pageUrl('src/popup/index.html?view=farm'));
  await page.getByLabel('Servers', { exact: true }).fill(sims.map((sim) => sim.url).join('\n'));
  await page.getByLabel('App name').fill('FDM Monster');
  const began = Date.now();
  await page.getByRole('button', { name: 'Get keys', exact: true }).click();
  const requested = (sim: (typeof sims)[number]) => sim.requestLog.find((e) => e.method === 'POST')?.at;
  for (let round = 0; round < 4 * 180 && !sims.every(requested); round++) await sleep(250);
  const sent = sims.filter(requested);
  const gaps = sent.map((sim) => requested(sim)! - sim.requestLog.find((e) => e.path.endsWith('/plugin/appkeys/probe'))!.at);
  console.log(`farm view, ${SERVERS} servers (headless Chromium): key requests sent to ${sent.length}`);
  if (sent.length === SERVERS) console.log(`  Get keys → the last request sent: ${((Math.max(...sent.map((sim) => requested(sim)!)) - began) / 1000).toFixed(1)} s`);
  console.log(`  the farm's probe → that server's key request: ${describe(gaps)}`);
} finally {
  await browser.close();
  await Promise.all(sims.map((sim) => sim.close()));
}
