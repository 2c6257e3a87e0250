// `npm run bench`: measures what KeyDeck's users live through and prints the figures, each against
// its target, then one Markdown table for the README. Nothing here is a test: no figure fails the
// run. Everything talks to 127.0.0.1 only. BENCH_RUNS sets the runs per figure (default 12);
// BENCH_ONLY=farm runs only the print farm; =popup only the popup; =capture only the finish-page
// capture; =allow only "Allow in a tab KeyDeck watches".
import { execFileSync } from 'node:child_process';
import { CHROME_TEST_BUILD, launchChromium } from '../test/e2e/harness/chromium.ts';
import { startOctoPrintSim } from '../test/sim/octoprint/index.ts';
import { startPortalSim } from '../test/sim/portal/index.ts';
import { benchContentScript, contentScriptSize } from './content-script.ts';
import { benchFarm } from './farm.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { benchElsewhere, benchPatientUser, benchWatched } from './octoprint.ts';
import { benchPopup, reportPopup, writeBlankPage } from './popup.ts';
import { createReport } from './report.ts';
import { describe, median, percentile, verdict } from './stats.ts';
import { benchFinishCapture, benchWorkerColdStart } from './worker-and-capture.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 12);
/** BENCH_ONLY=farm, =popup, =capture or =allow: only those figures. BENCH_FARM sets the farm's size (default 200). */
const ONLY = process.env.BENCH_ONLY;
const ALL = !ONLY;
const FARM_SERVERS = Number(process.env.BENCH_FARM ?? 200);
const began = Date.now();
const machine = describeMachine();
console.log(`KeyDeck bench, ${new Date().toISOString().slice(0, 10)}: ${machine}; ${loadAverage()} at start\n`);

execFileSync('npm', ['run', 'build:test'], { stdio: 'ignore' });
writeBlankPage(CHROME_TEST_BUILD); // the popup figures' floor (popup.ts)
const report = createReport();
const size = contentScriptSize('dist-test/chrome');
report.add({ figure: 'content script size', measured: `${size.bytes} B, ${size.gzip} B gzip`, target: '≤ 2 KB gzip', verdict: size.gzip <= 2048 ? 'met' : 'missed' });

const finish = () => {
  console.log(`\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine}; ${loadAverage()} at the end; bench took ${Math.round((Date.now() - began) / 1000)} s.\n`);
  console.log(report.markdown());
};

if (ONLY === 'popup') {
  const browser = await launchChromium();
  try {
    const control = await browser.context.newPage();
    await control.goto(browser.pageUrl('src/offscreen/index.html'));
    reportPopup(report, await benchPopup(browser, control, RUNS));
  } finally {
    await browser.close();
  }
  finish();
  process.exit(0);
}

if (ONLY !== 'farm') {
  // The rate limit (3 requests a minute) is off: the bench asks for many keys in a few minutes.
  const sim = await startOctoPrintSim({ rateLimit: false });
  const portal = await startPortalSim();
  const browser = await launchChromium();
  try {
    // An extension page that sends nothing by itself: it seeds storage, stops the worker, sends messages.
    const control = await browser.context.newPage();
    await control.goto(browser.pageUrl('src/offscreen/index.html'));

    if (ALL) {
      reportPopup(report, await benchPopup(browser, control, RUNS));

      const script = await benchContentScript(browser, size.source, RUNS + 8);
      report.add({ figure: 'content script, cold, fresh 3,000-element page: executeScript call → result in the worker', measured: describe(script.injected, 'ms', 2), target: '—', verdict: '—' });
      report.add({ figure: 'content script, cold, fresh 3,000-element page: its own parse + run in the page', measured: describe(script.inPage, 'ms', 2), target: '≤ 0.2 ms', verdict: verdict(script.inPage, 0.2) });

      const worker = await benchWorkerColdStart(browser, control, RUNS);
      report.add({ figure: 'worker cold start → first answer (settings.get), 0 credentials', measured: describe(worker.settingsEmpty), target: '≤ 50 ms', verdict: verdict(worker.settingsEmpty, 50) });
      report.add({ figure: 'worker cold start → first answer (settings.get), 1,000 credentials', measured: describe(worker.settingsFull), target: '≤ 50 ms', verdict: verdict(worker.settingsFull, 50) });
      report.add({ figure: 'worker cold start → vault.list answered, 1,000 credentials', measured: describe(worker.vaultListFull), target: '—', verdict: '—' });
    }

    if (ALL || ONLY === 'allow') {
      const watched = await benchWatched(browser, control, sim, RUNS);
      report.add({ figure: 'Allow in a tab KeyDeck watches → key in vault', measured: describe(watched), target: '≤ 20 ms', verdict: verdict(watched, 20) });
    }

    if (ALL) {
      const elsewhere = await benchElsewhere(browser, control, sim, RUNS);
      report.add({ figure: 'Allow elsewhere (0–1000 ms after a poll) → key in vault', measured: describe(elsewhere), target: '≤ one poll interval (1000 ms)', verdict: verdict(elsewhere, 1000) });
      for (const where of ['watched tab', 'elsewhere'] as const) {
        const run = await benchPatientUser(browser, control, sim, where);
        report.add({
          figure: `requests per approved key, Allow after 20 s (${where}): Get key → key in vault`,
          measured: `${run.requests} HTTP (${run.keyRequests} key request, ${run.polls} polls, ${run.requests - run.keyRequests - run.polls} other); then ${run.afterVault} to verify`,
          target: '1 key request; about one poll a second (≤ 23 polls)',
          verdict: run.keyRequests === 1 && run.polls <= 23 ? 'met' : 'missed',
        });
      }
    }

    if (ALL || ONLY === 'capture') {
      // Landed: in the vault or its inbox, what every reader sees; folded: in the `vault` item itself (after the hand-over, off the user's path).
      const captures = await benchFinishCapture(browser, control, portal, RUNS, false);
      report.add({ figure: 'finish redirect served by the portal → credential in vault (worker running)', measured: describe(captures.landed), target: '≤ 10 ms', verdict: verdict(captures.landed, 10) });
      report.add({ figure: '… same runs: → folded into the vault item', measured: describe(captures.folded), target: '—', verdict: '—' });
      const full = await benchFinishCapture(browser, control, portal, RUNS, false, 1000);
      report.add({ figure: 'finish redirect served by the portal → credential in vault (worker running), 1,000 keys in the vault', measured: describe(full.landed), target: '≤ 10 ms', verdict: verdict(full.landed, 10) });
      report.add({ figure: '… same runs: → folded into the vault item', measured: describe(full.folded), target: '—', verdict: '—' });
      const coldCaptures = await benchFinishCapture(browser, control, portal, RUNS, true);
      report.add({ figure: 'finish redirect served by the portal → credential in vault (worker stopped while on the portal page)', measured: describe(coldCaptures.landed), target: '≤ 10 ms', verdict: verdict(coldCaptures.landed, 10) });
    }
  } finally {
    await browser.close();
    await sim.close();
    await portal.close();
  }
}

// A farm of 200 OctoPrint servers through the farm view, in a browser of its own.
if (ALL || ONLY === 'farm') {
  const farm = await benchFarm(() => launchChromium(), FARM_SERVERS);
  const farmNote = farm.verified === farm.servers ? '' : ` (only ${farm.verified} of ${farm.servers} verified within the bench's limit)`;
  report.add({
    figure: `farm of ${farm.servers} servers, each Allow 2–20 s after its request appears: Get keys → every row verified`,
    measured: `${(farm.wallMs / 1000).toFixed(1)} s${farmNote}`,
    target: '—',
    verdict: farm.verified === farm.servers ? '—' : 'missed',
  });
  report.add({
    figure: `farm of ${farm.servers}: requests per second per server (busiest server's busiest second; mean over servers of each one's requests ÷ its first-to-last span)`,
    measured: `peak ${farm.peakPerSecond}/s; mean ${farm.meanPerSecond.toFixed(2)}/s; ${farm.totalRequests} requests in all (${(farm.totalRequests / farm.servers).toFixed(1)} a server)`,
    target: '≤ 1.2/s/server',
    verdict: farm.meanPerSecond <= 1.2 ? (farm.peakPerSecond <= 1.2 ? 'met' : 'mean met, peak missed') : 'missed',
  });
  report.add({
    figure: `farm view, ${farm.servers} rows updating (Get keys → every row verified): frame time (rAF delta)`,
    measured: `${describe(farm.frames)}; ${farm.frames.filter((d) => d > 20).length} frames over 20 ms; ${farm.longTasks} long tasks`,
    target: '≤ 16 ms at p95 (one 60 Hz frame: 16.7 ms)',
    verdict: percentile(farm.frames, 95) <= 16.7 ? 'met' : 'missed',
  });
}

finish();
