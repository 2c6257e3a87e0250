// The popup as users live it: opened with the service worker stopped (the vault is not parsed in
// memory), timed from the popup page's navigation to the first screenful the user keeps.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ChromiumSession } from '../test/e2e/harness/chromium.ts';
import type { Report } from './report.ts';
import { benchCredentials, seedVault } from './seed-vault.ts';
import { describe, median, percentile, verdict } from './stats.ts';

export interface PopupRun {
  /** The end of the frame from which the visible screen never changed again: the screenful the user keeps. */
  keptPainted: number;
  /** The end of the frame showing the page's last DOM change (nothing changed for QUIET_MS after it). */
  settledPainted: number;
  /** Frames whose visible screen differed from the kept one (a "Loading…" line, a preview replaced). */
  replacedScreens: number;
  /** The popup's own script started (after the page and its bundle loaded). */
  scriptStart: number;
}

// Installed before any popup script. For every DOM change it records, in the next animation frame
// (before that frame is drawn, so the layout it reads is the one drawn), what the viewport shows —
// each visible element's position and its own text — and the end of that frame (a task posted from
// requestAnimationFrame runs after the frame is rendered). Subtrees outside the viewport are skipped,
// so the cost stays that of one screenful, whatever the list's length.
// Plain JavaScript in a string: tsx would wrap named functions in a helper the page does not have.
const OBSERVE_RENDERING = `
  const state = { batches: 0, lastMutationAt: 0, lastPaintedAt: 0, screens: [] };
  window.__bench = state;
  const screen = () => {
    const height = innerHeight, width = innerWidth, parts = [];
    const visit = (element) => {
      const box = element.getBoundingClientRect();
      const sized = box.width > 0 || box.height > 0; // a box of no size (display: contents) may still hold visible children
      if (sized && (box.bottom <= 0 || box.top >= height || box.right <= 0 || box.left >= width)) return;
      let own = '';
      for (const node of element.childNodes) if (node.nodeType === 3) own += node.data.trim();
      if (element.value !== undefined && typeof element.value === 'string') own += '[' + element.value + '|' + (element.placeholder || '') + ']';
      if (own && box.bottom > 0 && box.top < height) parts.push(Math.round(box.top) + ',' + Math.round(box.left) + ':' + own);
      for (const child of element.children) visit(child);
    };
    if (document.body) visit(document.body);
    return parts.join('\\n');
  };
  new MutationObserver(() => {
    const batch = ++state.batches;
    state.lastMutationAt = performance.now();
    requestAnimationFrame(() => {
      if (batch !== state.batches) return; // a later change is drawn in this same frame
      const shown = { text: screen(), paintedAt: 0 };
      state.screens.push(shown);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        shown.paintedAt = performance.now();
        if (batch === state.batches) state.lastPaintedAt = shown.paintedAt;
      };
      channel.port2.postMessage(null);
    });
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
`;

type BenchState = { batches: number; lastMutationAt: number; lastPaintedAt: number; screens: { text: string; paintedAt: number }[] };
const QUIET_MS = 400;
const EMPTY_TITLE = (JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, { message: string }>).emptyTitle!.message;

/**
 * The floor this machine sets: an extension page with one line of text, no script and no style,
 * written into the test build before the browser starts. It is opened and observed exactly as the popup is.
 */
export const BLANK_PAGE = 'bench-blank.html';
export function writeBlankPage(extensionDir: string): void {
  writeFileSync(join(extensionDir, BLANK_PAGE), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>KeyDeck</title></head><body><p>KeyDeck</p></body></html>');
}

/** What the screen shows once a page is ready: the empty vault's title, a screenful of rows, or the blank page's line. */
type Expected = { rows: number } | { blank: true };

/**
 * Opens the popup (or the blank page) once, cold, and waits until it shows what it should and
 * nothing has changed for QUIET_MS.
 */
async function openCold(browser: ChromiumSession, control: Page, expected: Expected): Promise<{ run: PopupRun; page: Page }> {
  await browser.stopWorker(control);
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 400, height: 600 }); // the popup's own size, roughly
  await page.addInitScript({ content: OBSERVE_RENDERING });
  await page.goto(browser.pageUrl('blank' in expected ? BLANK_PAGE : 'src/popup/index.html'));
  await page.waitForFunction(
    ([rows, quiet, emptyTitle]) => {
      const s = (window as unknown as { __bench: BenchState }).__bench;
      const last = s?.screens.at(-1);
      if (!last || last.paintedAt === 0 || s.lastPaintedAt < s.lastMutationAt || performance.now() - s.lastMutationAt <= quiet) return false;
      // Rows show their key masked ("••••" and the last 4): a screenful of them, or the empty vault's title.
      if (rows === null) return last.text.includes('KeyDeck');
      return rows === 0 ? last.text.includes(emptyTitle) : (last.text.match(/•/g)?.length ?? 0) >= 3 * 4;
    },
    ['blank' in expected ? null : expected.rows, QUIET_MS, EMPTY_TITLE] as const,
    { polling: 100, timeout: 30_000 },
  );
  const run = await page.evaluate(() => {
    const s = (window as unknown as { __bench: BenchState }).__bench;
    const finalText = s.screens.at(-1)!.text;
    // The first frame of the last run of frames that all showed the final screen.
    let kept = s.screens.length - 1;
    while (kept > 0 && s.screens[kept - 1]!.text === finalText) kept--;
    const replaced = new Set(s.screens.slice(0, kept).map((shown) => shown.text)).size;
    const start = performance.getEntriesByName('keydeck:start')[0]?.startTime ?? NaN;
    return { keptPainted: s.screens[kept]!.paintedAt, settledPainted: s.lastPaintedAt, replacedScreens: replaced, scriptStart: start };
  });
  if (!(run.keptPainted > 0 && run.settledPainted >= run.keptPainted)) throw new Error(`the popup was not observed: ${JSON.stringify(run)}`);
  return { run, page };
}

/** Scrolls the whole list in 180 frames (3 s at 60 Hz), recording requestAnimationFrame deltas. */
function scrollAll(page: Page): Promise<{ distance: number; deltas: number[] }> {
  return page.evaluate(async () => {
    // Whatever scrolls the list (the page, the popup's frame, or a windowed list's own box): the element that scrolls furthest.
    const candidates = [document.scrollingElement!, ...document.querySelectorAll('*')];
    const box = candidates.reduce((a, b) => (b.scrollHeight - b.clientHeight > a.scrollHeight - a.clientHeight && getComputedStyle(b).overflowY !== 'hidden' ? b : a));
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
  const results = { empty: [] as PopupRun[], full: [] as PopupRun[], blank: [] as PopupRun[] };
  let scroll: { distance: number; deltas: number[] } | undefined;
  for (let i = -1; i < runs; i++) {
    for (const [name, credentials] of [['empty', []], ['full', full]] as const) {
      await seedVault(control, [...credentials]);
      const { run, page } = await openCold(browser, control, { rows: credentials.length });
      if (i >= 0) results[name].push(run);
      if (name === 'full' && i === runs - 1) scroll = await scrollAll(page);
      await page.close();
    }
    const { run, page } = await openCold(browser, control, { blank: true });
    if (i >= 0) results.blank.push(run);
    await page.close();
  }
  await seedVault(control, []);
  return { ...results, scroll: scroll! };
}

export function reportPopup(report: Report, popup: Awaited<ReturnType<typeof benchPopup>>): void {
  const kept = (runs: PopupRun[]) => runs.map((r) => r.keptPainted);
  const ratio = median(kept(popup.full)) / median(kept(popup.empty));
  const replaced = (runs: PopupRun[]) => `screens replaced before it: ${runs.map((r) => r.replacedScreens).join(', ')}`;
  report.add({ figure: "this machine's floor: an extension page with one line of text and no script, opened the same way: navigation → its screen painted", measured: describe(kept(popup.blank)), target: '—', verdict: '—' });
  report.add({ figure: 'popup, 0 credentials, cold worker: navigation → first screenful the user keeps (the floor)', measured: `${describe(kept(popup.empty))}; ${replaced(popup.empty)}`, target: '—', verdict: '—' });
  const floorNote = median(kept(popup.blank)) > 50 ? ' (out of reach here: the page with no script alone takes longer)' : '';
  report.add({
    figure: 'popup, 1,000 credentials, cold worker: navigation → first screenful the user keeps',
    measured: `${describe(kept(popup.full))}; ${replaced(popup.full)}`,
    target: '≤ 50 ms',
    verdict: verdict(kept(popup.full), 50) + floorNote,
  });
  report.add({ figure: 'popup, 1,000 ÷ 0 credentials (medians)', measured: `${ratio.toFixed(2)}×`, target: '≤ 1.3×', verdict: ratio <= 1.3 ? 'met' : 'missed' });
  report.add({
    figure: 'popup, 1,000 credentials: navigation → page settled (last DOM change painted; nothing changes for 400 ms)',
    measured: describe(popup.full.map((r) => r.settledPainted)),
    target: '—',
    verdict: '—',
  });
  report.add({ figure: 'popup, 0 credentials: navigation → page settled', measured: describe(popup.empty.map((r) => r.settledPainted)), target: '—', verdict: '—' });
  report.add({ figure: 'popup, 1,000 credentials: navigation → popup script starts', measured: describe(popup.full.map((r) => r.scriptStart)), target: '—', verdict: '—' });
  const frames = popup.scroll.deltas;
  const long = frames.filter((d) => d > 20).length;
  report.add({
    figure: 'popup, scroll all 1,000 rows in 180 frames: frames over 16.7 ms (rAF delta > 20 ms)',
    measured: `${long} of ${frames.length}; frame median ${median(frames).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms, worst ${Math.max(...frames).toFixed(1)} ms (${Math.round(popup.scroll.distance)} px)`,
    target: 'none',
    verdict: long === 0 ? 'met' : 'missed',
  });
}
