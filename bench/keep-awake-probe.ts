// Does Chrome stop KeyDeck's idle worker after 30 s under this harness, and does a watched hand-over
// (keep-awake.ts) keep it running? Watches the worker's running status through CDP for 45 s idle,
// then 45 s with a portal watch open. Not part of `npm run bench`: `npx tsx bench/keep-awake-probe.ts`
// after `npm run build:test`.
import { openPortalSession } from './portal-session.ts';

declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any
const IDLE_MS = Number(process.env.PROBE_IDLE_MS ?? 45_000);

const { browser, control, close } = await openPortalSession();
try {
  const cdp = await browser.context.newCDPSession(control);
  const log: string[] = [];
  const began = Date.now();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) log.push(`${((Date.now() - began) / 1000).toFixed(1)} s ${v.runningStatus}`);
  });
  await cdp.send('ServiceWorker.enable');
  const phase = async (name: string) => {
    log.push(`${((Date.now() - began) / 1000).toFixed(1)} s --- ${name}`);
    await new Promise((done) => setTimeout(done, IDLE_MS));
  };
  // The control page sends nothing while idle: only Chrome's own idle timer decides.
  await phase(`idle ${IDLE_MS / 1000} s, no watch`);
  const opened = browser.context.waitForEvent('page');
  await control.evaluate(() => chrome.runtime.sendMessage({ type: 'portal.start', payload: { app: 'Probe' } }));
  await (await opened).locator('#sign-in').waitFor();
  await phase(`idle ${IDLE_MS / 1000} s, a portal watch open`);
  console.log(log.filter((line, i) => i === 0 || line.slice(line.indexOf(' s ')) !== log[i - 1]!.slice(log[i - 1]!.indexOf(' s '))).join('\n'));
} finally {
  await close();
}
