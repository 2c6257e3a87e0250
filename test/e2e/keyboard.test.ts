import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { startOctoPrintSim } from '../sim/octoprint';
import { useDriver, useStarted, type Tab } from './driver';
import { OctoPrintTab } from './pages/octoprint-tab';
import { Popup } from './pages/popup';

// Keyboard only, in Chromium (the arrows and Escape go through Playwright's keyboard; the shared
// driver's press() types text, Enter and Tab only): a key revoked on the OctoPrint simulator with
// Tab/arrows/Enter, and every panel reached from the tab bar's arrows and left again with Escape.
// The setup (getting the key, the user's Allow in OctoPrint) uses the page objects as other tests do.
const page = (tab: Tab): Page => (tab as unknown as { page: Page }).page;

/** What has the focus, as a screen reader names it (its role or tag, its label or text). */
const focused = (p: Page) =>
  p.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { role: el?.getAttribute('role') ?? el?.tagName.toLowerCase() ?? '', name: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim() };
  });

/** Presses `key` until the focus is on what `wanted` accepts; at most 40 presses, then fails naming where it got to. */
async function pressUntil(p: Page, key: string, wanted: (f: { role: string; name: string }) => boolean, what: string) {
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    await p.keyboard.press(key);
    const now = await focused(p);
    if (wanted(now)) return;
    seen.push(`${now.role} “${now.name.slice(0, 30)}”`);
  }
  throw new Error(`${key} never reached ${what}; it went through ${seen.join(', ')}`);
}

describe('chromium', () => {
  const driver = useDriver('chromium');
  const sim = useStarted('the OctoPrint simulator', startOctoPrintSim);

  test('revoke a key on the server with the keyboard only: the server refuses it after, the row is gone', async () => {
    const octoprint = await OctoPrintTab.openAsAdmin(driver(), sim());
    const setup = await Popup.open(driver(), octoprint.tab);
    await setup.getKeyFor('OctoFarm');
    await octoprint.allow('OctoFarm');
    await setup.tab.bringToFront();
    await setup.tab.waitFor(setup.row('OctoPrint', 'OctoFarm'));
    await setup.close();
    const [issued] = sim().keys().filter((k) => k.appId === 'OctoFarm');
    const status = () => fetch(`${sim().url}/api/version`, { headers: { 'X-Api-Key': issued!.apiKey } }).then((r) => r.status);
    await expect(status()).resolves.toBe(200);

    const popup = await Popup.open(driver());
    const p = page(popup.tab);
    const row = popup.row('OctoPrint', 'OctoFarm');
    await popup.tab.waitFor(row);
    // The search box has the focus; Tab reaches the list's row, → opens it.
    await pressUntil(p, 'Tab', (f) => f.role === 'li' && f.name.startsWith('OctoPrint · OctoFarm'), 'the OctoFarm row');
    await p.keyboard.press('ArrowRight');
    await popup.tab.waitFor(Popup.details(row));
    await pressUntil(p, 'Tab', (f) => f.name === 'Revoke on server', 'Revoke on server');
    await p.keyboard.press('Enter');
    // The confirmation: its own "Revoke on server" (the red one) and Cancel; Escape would close it.
    await pressUntil(p, 'Tab', (f) => f.name === 'Revoke on server' || f.name === 'Cancel', 'the confirmation');
    if ((await focused(p)).name === 'Cancel') await pressUntil(p, 'Shift+Tab', (f) => f.name === 'Revoke on server', 'the confirming button');
    await p.keyboard.press('Enter');
    await popup.see('Revoked the key for OctoFarm on the server and removed it.');
    await expect(status()).resolves.toBe(403);
    await expect(popup.tab.count(row)).resolves.toBe(0);
    await octoprint.close();
    await popup.close();
  });

  test('every panel from the tab bar’s arrows, and Escape back to Keys', async () => {
    const popup = await Popup.open(driver());
    const p = page(popup.tab);
    const selected = (name: string) => p.getByRole('tab', { name, exact: true, selected: true }).waitFor();
    await pressUntil(p, 'Shift+Tab', (f) => f.role === 'tab', 'the tab bar');
    for (const name of ['Connect', 'Accounts', 'Settings']) {
      await p.keyboard.press('ArrowRight');
      await selected(name);
      await expect(focused(p)).resolves.toEqual({ role: 'tab', name });
      await p.getByRole('tabpanel', { name }).waitFor();
    }
    await p.keyboard.press('ArrowRight'); // wraps around
    await selected('Keys');
    await p.keyboard.press('ArrowLeft');
    await selected('Settings');

    // Escape leaves each panel for Keys, one press each (the arrows count from the selected tab).
    await p.keyboard.press('Escape');
    await selected('Keys');
    for (const [i, name] of ['Connect', 'Accounts', 'Settings'].entries()) {
      if ((await focused(p)).role !== 'tab') await pressUntil(p, 'Shift+Tab', (f) => f.role === 'tab', 'the tab bar');
      for (let n = 0; n <= i; n++) await p.keyboard.press('ArrowRight');
      await selected(name);
      await p.keyboard.press('Escape');
      await selected('Keys');
      await p.getByRole('tabpanel', { name: 'Keys' }).waitFor();
    }
    await popup.close();
  });
});
