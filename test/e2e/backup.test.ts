import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { useDriver, useStarted, type Driver } from './driver';
import { startPageServer } from './harness/pages';
import { BackupPage } from './pages/backup';
import { Popup } from './pages/popup';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// An encrypted backup made in one browser, imported in the other — both ways — through the real
// popup, the real download and the real file input.
const PASSPHRASE = 'ten or more characters';
const KEYS = {
  Cura: '0123456789ABCDEF0123456789ABCDEF',
  Slicer: 'FEDCBA9876543210FEDCBA9876543210',
  OctoFarm: 'AAAABBBBCCCCDDDDEEEEFFFF00001111',
};

const storedVault = (driver: Driver) => driver.extension(async () => (await chrome.storage.local.get('vault')).vault ?? null);

describe('encrypted backup, Chromium ↔ Firefox', () => {
  const chromium = useDriver('chromium');
  const firefox = useDriver('firefox');
  const site = useStarted('the page server', startPageServer);
  const folder = mkdtempSync(join(tmpdir(), 'keydeck-backups-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  beforeEach(async () => {
    for (const driver of [chromium(), firefox()]) await driver.extension(() => chrome.storage.local.remove('vault'));
  });

  async function addKeys(popup: Popup, apps: (keyof typeof KEYS)[]) {
    for (const app of apps) {
      await popup.addKey({ serviceUrl: site().origin, app, apiKey: KEYS[app] });
      await popup.see(`Saved the key for ${app}.`);
    }
  }

  async function exportFrom(driver: Driver, popup: Popup, keys: number): Promise<string> {
    const page = await BackupPage.open(driver, popup, 'export');
    await page.see(`The file will hold ${keys} keys, secrets included`);
    const file = await page.export(PASSPHRASE);
    await page.see(`This file holds ${keys} keys, encrypted with the passphrase you chose.`);
    expect(file.name).toMatch(/^keydeck-backup-\d{4}-\d\d-\d\d\.keydeck$/);
    expect(JSON.parse(file.text)).toMatchObject({ format: 'keydeck-backup', version: 1, count: keys });
    for (const key of Object.values(KEYS)) expect(file.text).not.toContain(key);
    await page.close();
    const path = join(folder, `from-${driver.browser}.keydeck`);
    writeFileSync(path, file.text);
    return path;
  }

  test('keys exported in Chromium appear in Firefox and back; a second import adds nothing; a wrong passphrase changes nothing', async () => {
    const inChromium = await Popup.open(chromium());
    await addKeys(inChromium, ['Cura', 'Slicer']);
    const fromChromium = await exportFrom(chromium(), inChromium, 2);

    const inFirefox = await Popup.open(firefox());
    await addKeys(inFirefox, ['OctoFarm']);
    const before = await storedVault(firefox());
    const importing = await BackupPage.open(firefox(), inFirefox, 'import');
    await importing.choose(fromChromium);
    await importing.see('This backup holds 2 keys.');

    await importing.importWith('not the passphrase');
    await importing.see('Wrong passphrase, or the file was changed.');
    await expect(storedVault(firefox())).resolves.toEqual(before);

    await importing.importWith(PASSPHRASE);
    await importing.see('Added 2 keys.');
    await inFirefox.tab.waitFor(inFirefox.row('OctoPrint', 'Cura'));
    await inFirefox.tab.waitFor(inFirefox.row('OctoPrint', 'Slicer'));
    await expect(inFirefox.keyShown(inFirefox.row('OctoPrint', 'Slicer'))).resolves.toBe('••••3210');

    await importing.importWith(PASSPHRASE);
    await importing.see('Added 0 keys, 2 were already here.');
    await expect(inFirefox.tab.count({ role: 'listitem' })).resolves.toBe(3);
    await importing.close();

    // And back: Firefox's three keys into Chromium, which holds two of them.
    const fromFirefox = await exportFrom(firefox(), inFirefox, 3);
    const back = await BackupPage.open(chromium(), inChromium, 'import');
    await back.choose(fromFirefox);
    await back.see('This backup holds 3 keys.');
    await back.importWith(PASSPHRASE);
    await back.see('Added 1 key, 2 were already here.');
    await inChromium.tab.waitFor(inChromium.row('OctoPrint', 'OctoFarm'));
    await expect(inChromium.tab.count({ role: 'listitem' })).resolves.toBe(3);

    // The key itself came across: Reveal shows it.
    const farm = inChromium.row('OctoPrint', 'OctoFarm');
    await inChromium.rowAction(farm, 'Reveal');
    await expect.poll(() => inChromium.keyShown(farm)).toBe(KEYS.OctoFarm);
    await back.close();
    await inChromium.close();
    await inFirefox.close();
  });
});
