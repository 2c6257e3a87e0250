// The service worker's cold start, and finish-page capture (the portal hands a key over in a tab).
import type { Page } from 'playwright-core';
import type { ChromiumSession } from '../test/e2e/harness/chromium.ts';
import type { PortalSim } from '../test/sim/portal/index.ts';
import { vaultHas } from './octoprint.ts';
import { benchCredentials, seedVault } from './seed-vault.ts';

declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Stop the worker, then time one message from an extension page to its answer. Vault of 0 and 1,000. */
export async function benchWorkerColdStart(browser: ChromiumSession, control: Page, runs: number) {
  const cold = async (type: string) => {
    await browser.stopWorker(control);
    return control.evaluate(async (message) => {
      const start = performance.now();
      const reply = await chrome.runtime.sendMessage({ type: message, payload: {} });
      if (!reply?.ok) throw new Error(`${message} failed`);
      return performance.now() - start;
    }, type);
  };
  const result = { settingsEmpty: [] as number[], settingsFull: [] as number[], vaultListFull: [] as number[] };
  await seedVault(control, []);
  for (let i = 0; i < runs; i++) result.settingsEmpty.push(await cold('settings.get'));
  await seedVault(control, benchCredentials(1000));
  for (let i = 0; i < runs; i++) {
    result.settingsFull.push(await cold('settings.get'));
    result.vaultListFull.push(await cold('vault.list'));
  }
  await seedVault(control, []);
  return result;
}

/** From the portal serving the finish redirect to the credential in the vault. */
export async function benchFinishCapture(browser: ChromiumSession, control: Page, portal: PortalSim, runs: number) {
  await control.evaluate((url) => chrome.runtime.sendMessage({ type: 'settings.update', payload: { portalUrl: url } }), portal.url);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const app = `Bench portal ${i}`;
    const landed = vaultHas(browser, app);
    const opened = browser.context.waitForEvent('page');
    await control.evaluate((name) => chrome.runtime.sendMessage({ type: 'portal.start', payload: { app: name } }), app);
    const tab = await opened;
    await tab.locator('#sign-in').click();
    times.push((await landed) - portal.lastFinish!.at);
  }
  return times;
}
