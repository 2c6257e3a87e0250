import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, test } from 'vitest';
import { AUTO_LOCK_ALARM } from '../../src/background/lock';
import { unlocked } from '../../src/storage/items';
import { startOctoPrintSim } from '../sim/octoprint';
import { BROWSERS, useDriver, useStarted, within, type Driver } from './driver';
import { startPageServer } from './harness/pages';
import { profileHolds } from './harness/profile-scan';
import { OctoPrintTab } from './pages/octoprint-tab';
import { Popup } from './pages/popup';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// The passphrase lock through the real popup, in both browsers: nothing secret at rest, Copy asking
// to unlock, a key allowed while locked, a background killed mid-change, and the idle auto-lock.
const PASSPHRASE = 'correct horse battery staple';
const NEXT = 'a different passphrase, also long';
/** Where the background keeps the unlocked private key and when it was last used (storage.session). */
const UNLOCKED_KEY = unlocked.key;

const hex = (bytes: number) => randomBytes(bytes).toString('hex').toUpperCase();

/** The background's answer to one message, sent from KeyDeck's own page. */
const send = (driver: Driver, type: string, payload: object = {}) =>
  driver.extension(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [type, payload] as const) as Promise<{
    ok: boolean;
    data?: { enabled: boolean; locked: boolean };
    error?: { code: string };
  }>;

describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const site = useStarted('the page server', startPageServer);
  const sim = useStarted('the OctoPrint simulator', startOctoPrintSim);
  // Every test starts with no keys and no passphrase (the device key in IndexedDB stays: it is the browser's).
  beforeEach(async () => {
    await driver().extension(async () => {
      await chrome.storage.local.clear();
      await chrome.storage.session.clear();
    });
  });

  test('with a passphrase set, a key added by hand is in neither storage.local read raw nor any file of the profile', async () => {
    const key = hex(16);
    const app = `Marker${hex(6)}`; // not secret: shows that what is stored does reach the disk
    const popup = await Popup.open(driver());
    await popup.setPassphrase(PASSPHRASE);
    await popup.addKey({ serviceUrl: site().origin, app, apiKey: key });
    await popup.see(`Saved the key for ${app}.`);

    const raw = await driver().extension(async () => JSON.stringify(await chrome.storage.local.get(null)));
    expect(raw).toContain(app);
    expect(raw).not.toContain(key);
    expect(raw).not.toContain(PASSPHRASE);

    // Wait until the entry is on disk (its app name shows up), then look for the key and the passphrase.
    await expect.poll(() => profileHolds(driver().profileDir, app), { timeout: 15_000, interval: 250 }).toBe(true);
    await expect(profileHolds(driver().profileDir, key)).resolves.toBe(false);
    await expect(profileHolds(driver().profileDir, PASSPHRASE)).resolves.toBe(false);

    // KeyDeck itself still has it.
    const row = popup.row('OctoPrint', app);
    await popup.rowAction(row, 'Reveal');
    await expect.poll(() => popup.keyShown(row)).toBe(key);
    await popup.close();
  });

  test('Lock now: Copy asks for the passphrase in place; a wrong one says so; the right one copies', async () => {
    const key = hex(16);
    const popup = await Popup.open(driver());
    await popup.setPassphrase(PASSPHRASE);
    await popup.addKey({ serviceUrl: site().origin, app: 'Cura', apiKey: key });
    const row = popup.row('OctoPrint', 'Cura');
    await popup.tab.waitFor(row);
    await popup.lockNow();
    await driver().writeClipboard('what the user copied before');

    await popup.button('Copy OctoPrint · Cura', row);
    await popup.see('Enter your passphrase to copy the key.', Popup.unlockPrompt);
    // The passphrase field has focus: the user types and presses Enter.
    await popup.tab.press('not the passphrase\n');
    await popup.see('Wrong passphrase.', Popup.unlockPrompt);
    await expect(driver().readClipboard()).resolves.toBe('what the user copied before');

    await popup.answerUnlockPrompt(PASSPHRASE);
    await popup.see('Key copied. The clipboard will be cleared in');
    await expect(driver().readClipboard()).resolves.toBe(key);
    await popup.tab.waitFor(within(Popup.lockIndicator, { role: 'button', name: 'Lock now', exact: true }));
    await expect(popup.tab.count(Popup.unlockPrompt)).resolves.toBe(0);
    await popup.close();
  });

  test('a key allowed in OctoPrint while locked arrives and is listed; unlocking reveals it', async () => {
    const octoprint = await OctoPrintTab.openAsAdmin(driver(), sim());
    const popup = await Popup.open(driver(), octoprint.tab);
    await popup.setPassphrase(PASSPHRASE);
    await popup.getKeyFor('Locked Farm');
    await octoprint.waitForNotice('Locked Farm');
    await popup.lockNow();

    await octoprint.allow('Locked Farm'); // the user's click, in OctoPrint's page
    await popup.tab.bringToFront();
    const row = popup.row('OctoPrint', 'Locked Farm');
    // Verified on arrival, while locked; the row is complete (a click now lands where it aims).
    await popup.expand(row);
    await popup.see('✓ Works as admin', row);
    const [issued] = sim().keys().filter((k) => k.appId === 'Locked Farm');
    expect(issued).toBeDefined();
    await popup.see('Locked', Popup.lockIndicator); // it arrived without unlocking
    const raw = await driver().extension(async () => JSON.stringify(await chrome.storage.local.get(null)));
    expect(raw).not.toContain(issued!.apiKey);

    await popup.rowAction(row, 'Reveal');
    await popup.answerUnlockPrompt(PASSPHRASE);
    await expect.poll(() => popup.keyShown(row)).toBe(issued!.apiKey);
    await octoprint.close();
    await popup.close();
  });

  test('a background killed in the middle of a passphrase change leaves exactly one passphrase working, and the key', async () => {
    const key = hex(16);
    const popup = await Popup.open(driver());
    await popup.setPassphrase(PASSPHRASE);
    await popup.addKey({ serviceUrl: site().origin, app: 'Slicer', apiKey: key });
    await popup.tab.waitFor(popup.row('OctoPrint', 'Slicer'));

    // The change derives two keys (about a second each): stop the background right after the click.
    await popup.submitPassphraseChange(PASSPHRASE, NEXT);
    await driver().stopBackground();

    const works = async (passphrase: string) => {
      expect((await send(driver(), 'lock.lockNow')).data).toMatchObject({ enabled: true, locked: true });
      const reply = await send(driver(), 'lock.unlock', { passphrase });
      if (!reply.ok) expect(reply.error?.code).toBe('wrong-passphrase');
      return reply.ok;
    };
    const old = await works(PASSPHRASE);
    const changed = await works(NEXT);
    expect([old, changed].filter(Boolean)).toHaveLength(1);

    // Unlocked with the one that works (the last try left it locked if that was the old one).
    if (old) expect((await send(driver(), 'lock.unlock', { passphrase: PASSPHRASE })).ok).toBe(true);
    await popup.tab.reload();
    const row = popup.row('OctoPrint', 'Slicer');
    await popup.rowAction(row, 'Reveal');
    await expect.poll(() => popup.keyShown(row)).toBe(key);
    await popup.close();
  });

  test('auto-lock: once the idle minutes have passed, the background locks by itself and Copy asks again', async () => {
    const key = hex(16);
    const popup = await Popup.open(driver());
    await popup.setPassphrase(PASSPHRASE);
    await popup.setAutoLockMinutes(1);
    await popup.addKey({ serviceUrl: site().origin, app: 'Idle', apiKey: key });
    const row = popup.row('OctoPrint', 'Idle');
    await popup.button('Copy OctoPrint · Idle', row); // a use of the key: the idle minute starts now
    await popup.see('Key copied.');

    const lockState = () =>
      driver().extension(
        async ([alarmName, item]) => ({ alarm: (await chrome.alarms.get(alarmName)) ?? null, open: (await chrome.storage.session.get(item))[item] ?? null }),
        [AUTO_LOCK_ALARM, UNLOCKED_KEY] as const,
      ) as Promise<{ alarm: { scheduledTime: number } | null; open: { lastUsed: number } | null }>;
    const before = await lockState();
    expect(before.open).not.toBeNull();
    // The alarm is set one minute (the setting) after the last use.
    expect(Math.abs(before.alarm!.scheduledTime - before.open!.lastUsed - 60_000)).toBeLessThan(2_000);

    // Make the minute pass without waiting for it: the last use moves a minute back and the alarm is due now.
    await driver().extension(
      async ([alarmName, item]) => {
        const open = (await chrome.storage.session.get(item))[item];
        await chrome.storage.session.set({ [item]: { ...open, lastUsed: open.lastUsed - 61_000 } });
        await chrome.alarms.create(alarmName, { when: Date.now() });
      },
      [AUTO_LOCK_ALARM, UNLOCKED_KEY] as const,
    );
    // Nothing asks the background anything: the alarm alone locks it.
    await expect.poll(async () => (await lockState()).open, { timeout: 15_000, interval: 200 }).toBeNull();

    await popup.tab.reload();
    await popup.see('Locked', Popup.lockIndicator);
    await popup.button('Copy OctoPrint · Idle', row);
    await popup.see('Enter your passphrase to copy the key.', Popup.unlockPrompt);
    await popup.answerUnlockPrompt(PASSPHRASE);
    await popup.see('Key copied.');
    await expect(driver().readClipboard()).resolves.toBe(key);
    await popup.close();
  });
});
