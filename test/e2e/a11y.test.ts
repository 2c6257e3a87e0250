import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startCocalcSim, type CocalcSim } from '../sim/cocalc';
import { startConduceSim, type ConduceSim } from '../sim/conduce';
import { startOctoPrintSim, type OctoPrintSim } from '../sim/octoprint';
import { useDriver, within, type Tab } from './driver';
import { BackupPage } from './pages/backup';
import { FarmPage } from './pages/farm';
import { OctoPrintTab } from './pages/octoprint-tab';
import { Popup } from './pages/popup';
import { checkState } from './support/axe';

// Callbacks evaluated in the extension's pages use the raw `chrome` API.
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// Chromium (axe is injected through Playwright): the popup walked through the states the other e2e
// tests reach, axe (WCAG 2.1 A + AA) on each in light and in dark, and a screenshot of each written to
// artifacts/screenshots/ (`npm run screenshots` copies the README's ones to docs/). Each test collects
// every violation of its walk and lists them all at the end, state by state.
const page = (tab: Tab): Page => (tab as unknown as { page: Page }).page;
const PASSPHRASE = 'correct horse battery staple';
/** A walk checks many states, each twice (light, dark): longer than one e2e step's default. */
const WALK_MS = 240_000;

describe('chromium', () => {
  const driver = useDriver('chromium');
  let octoprint: OctoPrintSim;
  let other: OctoPrintSim;
  let conduce: ConduceSim;
  let cocalc: CocalcSim;
  beforeAll(async () => {
    [octoprint, other, conduce, cocalc] = await Promise.all([startOctoPrintSim(), startOctoPrintSim(), startConduceSim(), startCocalcSim()]);
  });
  afterAll(async () => {
    await Promise.all([octoprint?.close(), other?.close(), conduce?.close(), cocalc?.close()]);
  });

  test('the check itself finds what it should: an image without alt, grey-on-white text', async () => {
    const popup = await Popup.open(driver());
    const p = page(popup.tab);
    await p.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      const faint = Object.assign(document.createElement('p'), { textContent: 'faint words' });
      faint.style.color = '#ddd';
      faint.style.background = '#fff';
      document.body.append(img, faint);
    });
    const found = await checkState(p, 'self-check');
    expect(found.some((v) => v.startsWith('self-check (light): image-alt'))).toBe(true);
    expect(found.some((v) => v.startsWith('self-check (light): color-contrast'))).toBe(true);
    await popup.close();
  }, WALK_MS);

  test('empty popup, every tab, each account provider form, Settings with Advanced', async () => {
    const found: string[] = [];
    const popup = await Popup.open(driver());
    const p = page(popup.tab);
    await p.setViewportSize({ width: 380, height: 600 });
    found.push(...(await checkState(p, 'keys-empty')));

    await popup.openTab('Connect');
    await popup.tab.waitFor({ role: 'tab', name: 'Connect', selected: true } as never);
    found.push(...(await checkState(p, 'connect-empty')));

    await popup.openTab('Accounts');
    const provider = within(Popup.accounts, { label: 'Provider' });
    const labels = await p.getByRole('region', { name: 'Account keys' }).getByLabel('Provider').locator('option').allTextContents();
    expect(labels.length).toBeGreaterThan(1);
    for (const [i, label] of labels.entries()) {
      await popup.tab.select(provider, { label });
      found.push(...(await checkState(p, `accounts-${i}`)));
    }

    await popup.openTab('Settings');
    await p.getByText('Advanced (developers)', { exact: true }).click();
    await p.getByLabel(/portal/i).first().waitFor();
    found.push(...(await checkState(p, 'settings-advanced')));
    await popup.close();
    expect(found).toEqual([]);
  }, WALK_MS);

  test('keys on two servers, search, expanded row, confirm revoke and remove, toast, Check all, request cards', async () => {
    const found: string[] = [];
    const site = await OctoPrintTab.openAsAdmin(driver(), octoprint);
    const popup = await Popup.open(driver(), site.tab);
    const p = page(popup.tab);
    await p.setViewportSize({ width: 380, height: 600 });

    // A request waiting for Allow, then done (Copy on the card).
    await popup.getKeyFor('OctoFarm');
    const flow = popup.flow('OctoFarm', octoprint.url);
    await popup.see('Waiting for you to click Allow in OctoPrint', flow);
    found.push(...(await checkState(p, 'connect-pending')));
    await site.allow('OctoFarm');
    await popup.tab.bringToFront();
    await popup.see('Works as admin on OctoPrint 1.11.8.', flow);
    found.push(...(await checkState(p, 'connect-done')));

    // A failed request: denied in OctoPrint.
    await popup.getKeyFor('Cura');
    await site.deny('Cura');
    await popup.tab.bringToFront();
    await popup.see('it was denied, or it timed out before anyone clicked Allow');
    found.push(...(await checkState(p, 'connect-failed')));

    // Keys on a second server, by hand.
    await popup.addKey({ serviceUrl: other.url, app: 'Slicer', apiKey: other.users.admin.apiKey });
    await popup.see('Saved the key for Slicer.');
    await popup.addKey({ serviceUrl: other.url, app: 'Spare', apiKey: 'B'.repeat(32) });
    await popup.see('Saved the key for Spare.');
    await popup.openTab('Keys');
    await popup.tab.waitFor(popup.row('OctoPrint', 'Spare'));
    found.push(...(await checkState(p, 'keys')));

    await popup.tab.fill({ role: 'searchbox' } as never, 'slicer');
    await popup.see('Showing 1 of 3 keys');
    found.push(...(await checkState(p, 'search')));
    await popup.tab.fill({ role: 'searchbox' } as never, '');

    const row = popup.row('OctoPrint', 'OctoFarm');
    await popup.expand(row);
    found.push(...(await checkState(p, 'row-expanded')));
    await popup.button('Copy OctoPrint · OctoFarm', row);
    await popup.see('Key copied.');
    found.push(...(await checkState(p, 'toast')));

    await popup.button('Revoke on server', Popup.details(row));
    await popup.tab.waitFor(within(row, { role: 'button', name: 'Cancel' }));
    found.push(...(await checkState(p, 'confirm-revoke')));
    await popup.button('Cancel', row);

    const spare = popup.row('OctoPrint', 'Spare');
    await popup.expand(spare);
    await popup.button('Remove from KeyDeck', Popup.details(spare));
    await popup.tab.waitFor(within(spare, { role: 'button', name: 'Cancel' }));
    found.push(...(await checkState(p, 'confirm-remove')));
    await popup.button('Cancel', spare);

    await popup.button('Check all keys', [], true);
    await popup.see('Checked 3 of 3 keys.');
    found.push(...(await checkState(p, 'check-all')));
    await site.close();
    await popup.close();

    // The list as on any other tab (no OctoPrint page), the request cards dismissed: rows under their
    // server headings (README's screenshot).
    const plain = await Popup.open(driver());
    const q = page(plain.tab);
    await q.setViewportSize({ width: 380, height: 600 });
    while ((await plain.tab.count({ role: 'button', name: 'Dismiss', exact: true })) > 0) {
      const before = await plain.tab.count({ role: 'button', name: 'Dismiss', exact: true });
      await q.getByRole('button', { name: 'Dismiss', exact: true }).first().click();
      await expect.poll(() => plain.tab.count({ role: 'button', name: 'Dismiss', exact: true })).toBe(before - 1);
    }
    await plain.tab.waitFor(plain.row('OctoPrint', 'Spare'));
    found.push(...(await checkState(q, 'keys-list')));
    await plain.close();
    expect(found).toEqual([]);
  }, WALK_MS);

  test('an account key listed, the farm, backup and options pages, lock set / locked / unlock prompt, QR', async () => {
    const found: string[] = [];
    const popup = await Popup.open(driver());
    const p = page(popup.tab);
    await p.setViewportSize({ width: 380, height: 600 });

    // Conduce: signed in from the popup, a key created and listed.
    await popup.openAccounts('Conduce', conduce.url);
    const panel = Popup.accounts;
    await popup.tab.fill(within(panel, { label: 'Email' }), conduce.users.dana.email);
    await popup.tab.fill(within(panel, { label: 'Password' }), conduce.users.dana.password);
    await popup.button('Sign in', panel);
    await popup.see('Signed in.', panel);
    await popup.tab.fill(within(panel, { label: 'App name' }), 'Dashboard');
    await popup.button('Create key', panel);
    await popup.see('Created a key for Dashboard and saved it.', panel);
    found.push(...(await checkState(p, 'accounts-listed')));

    const farm = await FarmPage.open(driver(), popup);
    await farm.tab.waitFor(FarmPage.input);
    found.push(...(await checkState(page(farm.tab), 'farm')));
    await farm.tab.close();

    const backup = await BackupPage.open(driver(), popup, 'export');
    await backup.see('Passphrase (at least 10 characters)');
    found.push(...(await checkState(page(backup.tab), 'backup')));
    await backup.close();

    const options = await driver().tabOpenedBy(() => driver().extension(() => chrome.runtime.openOptionsPage()));
    await options.waitFor({ role: 'heading', level: 1, name: 'KeyDeck' });
    found.push(...(await checkState(page(options), 'options')));
    await options.close();

    await popup.openTab('Settings');
    const form = within(Popup.lockSettings, { role: 'form', name: 'Set a passphrase' });
    await popup.tab.fill(within(form, { label: 'Passphrase', exact: true }), PASSPHRASE);
    await popup.tab.fill(within(form, { label: 'Repeat the passphrase', exact: true }), PASSPHRASE);
    await popup.button('Set a passphrase', form, true);
    await popup.see('Passphrase set.', Popup.lockSettings);
    found.push(...(await checkState(p, 'settings-lock-set')));
    await popup.button('Back', [], true);

    await popup.lockNow();
    found.push(...(await checkState(p, 'locked')));
    const row = popup.row('Conduce', 'Dashboard');
    await popup.rowAction(row, 'QR code');
    await popup.tab.waitFor(Popup.unlockPrompt);
    found.push(...(await checkState(p, 'unlock-prompt')));
    await popup.answerUnlockPrompt(PASSPHRASE);
    await popup.tab.waitFor(within(row, { css: 'svg' }));
    await p.getByRole('listitem', { name: 'Conduce · Dashboard' }).locator('svg').scrollIntoViewIfNeeded(); // the popup scrolls within 560 px
    found.push(...(await checkState(p, 'qr')));
    await popup.close();
    expect(found).toEqual([]);
  }, WALK_MS);

  test('the expiry banner, and the list it filters to', async () => {
    const found: string[] = [];
    const popup = await Popup.open(driver());
    const p = page(popup.tab);
    await p.setViewportSize({ width: 380, height: 600 });
    // A CoCalc key that expires in 2 days (inside the 7-day warning), made as account-keys.test.ts does.
    await popup.openAccounts('CoCalc', cocalc.url);
    const tab = await driver().tabOpenedBy(async () => {
      await popup.tab.fill(within(Popup.accounts, { label: 'App name' }), 'Soon gone');
      await popup.button('Create key', Popup.accounts);
      await popup.button('Open the sign-in page', Popup.accounts);
    });
    await tab.fill({ role: 'textbox', name: 'Email address' }, cocalc.users.alice.email);
    await tab.fill({ css: 'input[type="password"]' }, cocalc.users.alice.password);
    await tab.click({ role: 'button', name: 'Sign In' });
    await tab.waitFor({ text: `Signed in as ${cocalc.users.alice.email}` });
    await tab.close();
    await popup.tab.bringToFront();
    await popup.tab.fill(within(Popup.accounts, { label: 'Expires after (days, optional)' }), '2');
    await popup.button('Create key', Popup.accounts);
    await popup.see('Created a key for Soon gone and saved it.', Popup.accounts);
    await popup.openTab('Keys');
    await popup.see('1 key expires within 7 days.');
    found.push(...(await checkState(p, 'expiry-banner')));
    await popup.button('Show', [{ css: '.expiry-banner' }]);
    await popup.see('Showing keys expiring or expired');
    found.push(...(await checkState(p, 'expiry-filtered')));
    await popup.close();
    expect(found).toEqual([]);
  }, WALK_MS);
});
