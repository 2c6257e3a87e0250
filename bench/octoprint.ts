// OctoPrint's Application Keys workflow, timed from the user's decision to the key in the vault.
import type { Page } from 'playwright-core';
import type { ChromiumSession } from '../test/e2e/harness/chromium.ts';
import { accessRequestNotice, openOctoPrintAsAdmin } from '../test/e2e/harness/octoprint-tab.ts';
import type { OctoPrintSim, SimRequestLogEntry } from '../test/sim/octoprint/index.ts';

declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const sleep = (ms: number) => new Promise((done) => setTimeout(done, Math.max(0, ms)));

/** Resolves with the worker's clock when a credential for `app` is written to the vault. */
export function vaultHas(browser: ChromiumSession, app: string): Promise<number> {
  return browser.worker.evaluate(
    (name) =>
      new Promise<number>((resolve) =>
        chrome.storage.onChanged.addListener((changes: any, area: string) => {
          if (area === 'local' && changes.vault?.newValue?.credentials.some((c: { app: string }) => c.app === name)) resolve(Date.now());
        }),
      ),
    app,
  );
}

/** What the popup's Get key sends. */
const startFlow = (control: Page, serviceUrl: string, app: string) =>
  control.evaluate(([url, name]) => chrome.runtime.sendMessage({ type: 'flow.start', payload: { serviceUrl: url, app: name } }), [serviceUrl, app]);

/** Waits for the flow to finish (the key verified), so runs never overlap. */
const flowDone = (control: Page, app: string) =>
  control.waitForFunction(
    (name) => chrome.runtime.sendMessage({ type: 'flow.list', payload: {} }).then((r: any) => r.data.flows.some((f: any) => f.app === name && f.phase === 'done')),
    app,
    { polling: 100, timeout: 30_000 },
  );

/** Requests KeyDeck's worker made (an extension fetch: CORS mode, no initiating site), not the OctoPrint page's. */
const fromKeyDeck = (r: SimRequestLogEntry) => r.headers['sec-fetch-mode'] === 'cors' && r.headers['sec-fetch-site'] === 'none';
const isKeyRequest = (r: SimRequestLogEntry) => r.method === 'POST' && /\/plugin\/appkeys\/request$/.test(r.path);
const isPoll = (r: SimRequestLogEntry) => r.method === 'GET' && /\/plugin\/appkeys\/request\/[^/]+$/.test(r.path);

/** Bounded wait for something the simulator records. */
async function until<T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(2)) {
    const found = find();
    if (found !== undefined) return found;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * An OctoPrint tab KeyDeck watches, as a user gets one: OctoPrint open, then the popup opened on it
 * (which injects the content script). A tab opened without that is not watched until its next load.
 */
async function openWatchedOctoPrint(browser: ChromiumSession, sim: OctoPrintSim): Promise<Page> {
  const octoprint = await openOctoPrintAsAdmin(browser.context, sim);
  await octoprint.bringToFront();
  const popup = await browser.context.newPage();
  await popup.goto(browser.pageUrl('src/popup/index.html'));
  await popup.getByText(`This page looks like OctoPrint at ${sim.url}`).waitFor();
  await popup.close();
  return octoprint;
}

/** Allow clicked in an OctoPrint tab KeyDeck watches (its content script sees the click). */
export async function benchWatched(browser: ChromiumSession, control: Page, sim: OctoPrintSim, runs: number) {
  const octoprint = await openWatchedOctoPrint(browser, sim);
  await octoprint.evaluate(() => document.addEventListener('click', () => ((window as any).clickedAt = Date.now()), true));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const app = `Bench watched ${i}`;
    const landed = vaultHas(browser, app);
    await startFlow(control, sim.url, app);
    const notice = accessRequestNotice(octoprint, app);
    await notice.waitFor();
    await notice.getByRole('button', { name: 'Allow' }).click();
    times.push((await landed) - (await octoprint.evaluate(() => (window as any).clickedAt as number)));
    await flowDone(control, app);
  }
  await octoprint.close();
  return times;
}

/**
 * Allow clicked where KeyDeck cannot see it (the simulator's API, as another device would): no
 * OctoPrint tab is open. The decision falls 0–1000 ms (uniformly at random) after one of KeyDeck's polls.
 */
export async function benchElsewhere(browser: ChromiumSession, control: Page, sim: OctoPrintSim, runs: number) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const app = `Bench elsewhere ${i}`;
    const landed = vaultHas(browser, app);
    await startFlow(control, sim.url, app);
    const token = await until(() => sim.pending().find((p) => p.appId === app)?.appToken, `the request for ${app}`);
    const poll = await until(() => sim.requestLog.find((r) => isPoll(r) && r.path.endsWith(token)), `a poll for ${app}`);
    await sleep(poll.at + Math.random() * 1000 - Date.now());
    const allowedAt = Date.now();
    sim.approve(token);
    times.push((await landed) - allowedAt);
    await flowDone(control, app);
  }
  return times;
}

export interface PatientRun {
  where: 'watched tab' | 'elsewhere';
  /** From Get key to the key in the vault. */
  requests: number;
  keyRequests: number;
  polls: number;
  /** After the key is in the vault: verification. */
  afterVault: number;
}

/** A user who takes 20 s to click Allow: every request KeyDeck sends from Get key to the key in the vault. */
export async function benchPatientUser(browser: ChromiumSession, control: Page, sim: OctoPrintSim, where: PatientRun['where']): Promise<PatientRun> {
  const app = `Bench patient ${where}`;
  const octoprint = where === 'watched tab' ? await openWatchedOctoPrint(browser, sim) : undefined;
  const before = sim.requestLog.length;
  const landed = vaultHas(browser, app);
  const getKeyAt = Date.now();
  await startFlow(control, sim.url, app);
  if (octoprint) {
    const notice = accessRequestNotice(octoprint, app);
    await notice.waitFor();
    await sleep(getKeyAt + 20_000 - Date.now());
    await notice.getByRole('button', { name: 'Allow' }).click();
  } else {
    const token = await until(() => sim.pending().find((p) => p.appId === app)?.appToken, `the request for ${app}`);
    await sleep(getKeyAt + 20_000 - Date.now());
    sim.approve(token);
  }
  const vaultAt = await landed;
  await flowDone(control, app);
  await octoprint?.close();
  const log = sim.requestLog.slice(before).filter(fromKeyDeck);
  const untilVault = log.filter((r) => r.at <= vaultAt);
  return {
    where,
    requests: untilVault.length,
    keyRequests: untilVault.filter(isKeyRequest).length,
    polls: untilVault.filter(isPoll).length,
    afterVault: log.length - untilVault.length,
  };
}
