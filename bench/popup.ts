// The popup as users live it: opened with the service worker stopped (the vault is not parsed in
// memory), timed from the popup page's navigation to the first screen the user keeps.
import type { Page } from 'playwright-core';
import type { ChromiumSession } from '../test/e2e/harness/chromium.ts';
import type { Report } from './report.ts';
import { benchCredentials, seedVault } from './seed-vault.ts';
import { describe, median, percentile, verdict } from './stats.ts';

export interface PopupRun {
  /** The final list (every row the user keeps) is in the DOM and the frame showing it has been produced. */
  finalPainted: number;
  finalInDom: number;
  /** The first rows ever shown: a preview the popup may replace (it renders 40 rows, then all). */
  firstRowsPainted: number;
  /** The popup's own script started (after the page and its bundle loaded). */
  scriptStart: number;
}

// Installed before any popup script: timestamps every DOM change in the page, and the end of the
// frame that follows it (a task posted from requestAnimationFrame runs after that frame is rendered).
// Plain JavaScript in a string: tsx would wrap named functions in a helper the page does not have.
const OBSERVE_RENDERING = `
  const state = { batches: 0, lastMutationAt: 0, lastPaintedAt: 0, firstRowsAt: -1, firstRowsPaintedAt: -1 };
  window.__bench = state;
  new MutationObserver(() => {
    const batch = ++state.batches;
    state.lastMutationAt = performance.now();
    const firstRows = state.firstRowsAt < 0 && document.querySelector('li.credential, section.empty') !== null;
    if (firstRows) state.firstRowsAt = state.lastMutationAt;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        const at = performance.now();
        if (firstRows) state.firstRowsPaintedAt = at;
        if (batch === state.batches) state.lastPaintedAt = at;
      };
      channel.port2.postMessage(null);
    });
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
`;

type BenchState = { batches: number; lastMutationAt: number; lastPaintedAt: number; firstRowsAt: number; firstRowsPaintedAt: number };
const QUIET_MS = 400;

/** Opens the popup once, cold, and waits until it shows `expected` rows and nothing has changed for QUIET_MS. */
async function openCold(browser: ChromiumSession, control: Page, expected: number): Promise<{ run: PopupRun; page: Page }> {
  await browser.stopWorker(control);
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 400, height: 600 }); // the popup's own size, roughly
  await page.addInitScript({ content: OBSERVE_RENDERING });
  await page.goto(browser.pageUrl('src/popup/index.html'));
  await page.waitForFunction(
    ([rows, quiet]) => {
      const s = (window as unknown as { __bench: BenchState }).__bench;
      const complete = rows === 0 ? document.querySelector('section.empty') !== null : document.querySelectorAll('li.credential').length === rows;
      return s !== undefined && s.batches > 0 && complete && s.lastPaintedAt >= s.lastMutationAt && performance.now() - s.lastMutationAt > quiet;
    },
    [expected, QUIET_MS] as const,
    { polling: 100, timeout: 30_000 },
  );
  const run = await page.evaluate(() => {
    const s = (window as unknown as { __bench: BenchState }).__bench;
    const start = performance.getEntriesByName('keydeck:start')[0]?.startTime ?? NaN;
    return { finalPainted: s.lastPaintedAt, finalInDom: s.lastMutationAt, firstRowsPainted: s.firstRowsPaintedAt, scriptStart: start };
  });
  if (!(run.firstRowsPainted > 0 && run.finalPainted >= run.firstRowsPainted)) throw new Error(`the popup was not observed: ${JSON.stringify(run)}`);
  return { run, page };
}

/** Scrolls the whole list in 180 frames (3 s at 60 Hz), recording requestAnimationFrame deltas. */
function scrollAll(page: Page): Promise<{ distance: number; deltas: number[] }> {
  return page.evaluate(async () => {
    const box = document.querySelector('main.popup')!;
    const distance = box.scrollHeight - box.clientHeight;
    const deltas: number[] = [];
    let last = await new Promise<number>((done) => requestAnimationFrame(done));
    for (let i = 1; i <= 180; i++) {
      box.scrollTop = (distance * i) / 180;
      const at = await new Promise<number>((done) => requestAnimationFrame(done));
      deltas.push(at - last);
      last = at;
    }
    return { distance, deltas };
  });
}

/**
 * Empty and 1,000-credential runs alternate in one browser, so both see the same machine state.
 * One run of each is discarded first: the browser's first extension page pays one-off start-up costs.
 */
export async function benchPopup(browser: ChromiumSession, control: Page, runs: number) {
  const full = benchCredentials(1000);
  const results = { empty: [] as PopupRun[], full: [] as PopupRun[] };
  let scroll: { distance: number; deltas: number[] } | undefined;
  for (let i = -1; i < runs; i++) {
    for (const [name, credentials] of [['empty', []], ['full', full]] as const) {
      await seedVault(control, [...credentials]);
      const { run, page } = await openCold(browser, control, credentials.length);
      if (i >= 0) results[name].push(run);
      if (name === 'full' && i === runs - 1) scroll = await scrollAll(page);
      await page.close();
    }
  }
  await seedVault(control, []);
  return { ...results, scroll: scroll! };
}

export function reportPopup(report: Report, popup: Awaited<ReturnType<typeof benchPopup>>): void {
  const painted = (runs: typeof popup.full) => runs.map((r) => r.finalPainted);
  const ratio = median(painted(popup.full)) / median(painted(popup.empty));
  report.add({ figure: 'popup, 0 credentials, cold worker: navigation → final screen painted (the floor)', measured: describe(painted(popup.empty)), target: '—', verdict: '—' });
  report.add({
    figure: 'popup, 1,000 credentials, cold worker: navigation → final grouped list painted',
    measured: describe(painted(popup.full)),
    target: '≤ 50 ms',
    verdict: verdict(painted(popup.full), 50),
  });
  report.add({ figure: 'popup, 1,000 ÷ 0 credentials (medians)', measured: `${ratio.toFixed(2)}×`, target: '≤ 1.3×', verdict: ratio <= 1.3 ? 'met' : 'missed' });
  report.add({
    figure: 'popup, 1,000 credentials: navigation → first rows painted (a 40-row preview, then replaced by the grouped list)',
    measured: describe(popup.full.map((r) => r.firstRowsPainted)),
    target: '—',
    verdict: '—',
  });
  report.add({ figure: 'popup, 1,000 credentials: navigation → popup script starts', measured: describe(popup.full.map((r) => r.scriptStart)), target: '—', verdict: '—' });
  const frames = popup.scroll.deltas;
  const long = frames.filter((d) => d > 20).length;
  report.add({
    figure: 'popup, scroll all 1,000 rows in 180 frames: frames over 16.7 ms (rAF delta > 20 ms)',
    measured: `${long} of ${frames.length}; frame median ${median(frames).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, worst ${Math.max(...frames).toFixed(1)} ms (${Math.round(popup.scroll.distance)} px)`,
    target: '—',
    verdict: '—',
  });
}
