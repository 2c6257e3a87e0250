// Where a finish-page capture's time goes: timestamps taken in the worker (listeners and a wrapped
// `storage.local.set` added from outside), relative to the portal simulator serving its finish
// redirect, and then the same small write with nothing else going on. Not part of `npm run bench`:
// `npx tsx bench/capture-probe.ts` after `npm run build:test`.
import { openPortalSession } from './portal-session.ts';
import { median } from './stats.ts';

declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any
const RUNS = Number(process.env.PROBE_RUNS ?? 8);

// A string, not a function: tsx would wrap named helpers in a `__name` call the worker does not have.
const INSTRUMENT = `(() => {
  const log = (globalThis.__probe = []);
  const mainFrame = { urls: ['<all_urls>'], types: ['main_frame'] };
  chrome.webRequest.onBeforeRedirect.addListener(() => log.push(['redirect seen', Date.now()]), mainFrame);
  chrome.webRequest.onBeforeRequest.addListener(() => log.push(['request seen', Date.now()]), mainFrame);
  chrome.storage.onChanged.addListener((changes) => changes.vaultInbox && log.push(['inbox change seen', Date.now()]));
  const set = chrome.storage.local.set;
  chrome.storage.local.set = function (items, ...rest) {
    if (items.vaultInbox) log.push(['inbox set called', Date.now()]);
    return set.call(this, items, ...rest);
  };
})()`;

const IDLE_WRITE = `(async () => {
  const times = [];
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    const seen = new Promise((done) => chrome.storage.onChanged.addListener(function once(changes) {
      if (changes.probeWrite) { chrome.storage.onChanged.removeListener(once); done(performance.now()); }
    }));
    await chrome.storage.local.set({ probeWrite: { i, sealed: 'x'.repeat(600) } });
    times.push((await seen) - start);
    await new Promise((done) => setTimeout(done, 100));
  }
  await chrome.storage.local.remove('probeWrite');
  return times;
})()`;

const { portal, browser, control, close } = await openPortalSession();
try {
  await browser.worker.evaluate(INSTRUMENT);
  const stages = new Map<string, number[]>();
  for (let i = 0; i < RUNS; i++) {
    const opened = browser.context.waitForEvent('page');
    await control.evaluate((name) => chrome.runtime.sendMessage({ type: 'portal.start', payload: { app: name } }), `Probe ${i}`);
    const tab = await opened;
    await tab.locator('#sign-in').waitFor();
    await browser.worker.evaluate('globalThis.__probe.length = 0');
    const closed = tab.waitForEvent('close');
    await tab.locator('#sign-in').click();
    await closed;
    const log: [string, number][] = await browser.worker.evaluate('globalThis.__probe');
    const served = portal.lastFinish!.at;
    // Each stage's first time after the portal served the redirect (the sign-in post's request came before).
    for (const [stage, at] of log.filter(([stage, at], n) => at >= served && !log.slice(0, n).some(([s, t]) => s === stage && t >= served)))
      stages.set(stage, [...(stages.get(stage) ?? []), at - served]);
  }
  console.log(`ms after the portal served its finish redirect (median, range; ${RUNS} runs):`);
  for (const [stage, ms] of stages) console.log(`  ${stage}: ${median(ms)} (${Math.min(...ms)}–${Math.max(...ms)})`);
  const idle = await browser.worker.evaluate(IDLE_WRITE) as number[];
  console.log(`the same size of write with nothing else going on, set → change seen: ${median(idle).toFixed(1)} ms (${Math.min(...idle).toFixed(1)}–${Math.max(...idle).toFixed(1)})`);
} finally {
  await close();
}
