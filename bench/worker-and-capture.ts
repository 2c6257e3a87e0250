// The service worker's cold start, and finish-page capture (the portal hands a key over in a tab).
import type { Page } from 'playwright-core';
import type { ChromiumSession } from '../test/e2e/harness/chromium.ts';
import type { PortalSim } from '../test/sim/portal/index.ts';
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

/**
 * Resolves with the control page's clock when a credential for `app` is stored (storage.onChanged):
 * `landed` when it is in the vault or in its inbox (storage/items.ts `vaultInbox`: every reader, the
 * popup's list included, sees it from then on), `folded` when it is in the `vault` item itself.
 */
function landedIn(control: Page, app: string): { landed: Promise<number>; folded: Promise<number> } {
  const when = (keys: string[]) =>
    control.evaluate(
      ({ name, keys }) =>
        new Promise<number>((resolve) =>
          // No named helper in here: tsx would wrap it in a `__name` call the page does not have.
          chrome.storage.onChanged.addListener((changes: any, area: string) => {
            if (area === 'local' && keys.some((key) => changes[key]?.newValue?.credentials?.some((c: { app: string }) => c.app === name))) resolve(Date.now());
          }),
        ),
      { name: app, keys },
    );
  return { landed: when(['vault', 'vaultInbox']), folded: when(['vault']) };
}

/**
 * From the portal serving its finish redirect (the navigation it starts) to the credential stored,
 * through the built extension: KeyDeck reads the finish address from the request before it is sent.
 * `cold`: the worker is stopped while the user is on the portal's page, as Chrome stops an idle one
 * after 30 s, so the request wakes it; otherwise it is still running from the start. `keys`: the
 * vault holds that many credentials already (0: only the earlier runs' captures).
 */
export async function benchFinishCapture(browser: ChromiumSession, control: Page, portal: PortalSim, runs: number, cold: boolean, keys = 0) {
  await control.evaluate((url) => chrome.runtime.sendMessage({ type: 'settings.update', payload: { portalUrl: url } }), portal.url);
  if (keys > 0) await seedVault(control, benchCredentials(keys));
  const landed: number[] = [];
  const folded: number[] = [];
  for (let i = 0; i < runs; i++) {
    const app = `Bench portal ${cold ? 'cold' : 'warm'} ${keys} ${i}`;
    const opened = browser.context.waitForEvent('page');
    await control.evaluate((name) => chrome.runtime.sendMessage({ type: 'portal.start', payload: { app: name } }), app);
    const tab = await opened;
    await tab.locator('#sign-in').waitFor();
    if (cold) await browser.stopWorker(control);
    const stored = landedIn(control, app);
    const closed = tab.waitForEvent('close');
    await tab.locator('#sign-in').click();
    landed.push((await stored.landed) - portal.lastFinish!.at);
    folded.push((await stored.folded) - portal.lastFinish!.at);
    await closed; // KeyDeck closes the tab: runs never overlap
  }
  if (keys > 0) await seedVault(control, []);
  return { landed, folded };
}
