import { randomBytes } from 'node:crypto';
import { encode } from 'uqr';
import { beforeEach, describe, expect, test } from 'vitest';
import { BROWSERS, useDriver, useStarted, within, type Tab } from './driver';
import { startPageServer } from './harness/pages';
import { Popup } from './pages/popup';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// The expanded row's QR code, in both browsers: while locked it asks for the passphrase first, and
// draws nothing before; once unlocked the SVG holds exactly the QR code of the key (its dark modules
// compared with the key encoded here), and it is gone when the row closes.
const PASSPHRASE = 'correct horse battery staple';

/** The dark modules the drawn SVG holds, as "x,y" (the path is one 1×1 square per module, after a 2-module margin). */
async function drawnModules(tab: Tab): Promise<string[]> {
  const d: string = await tab.evaluate(() => document.querySelector('svg.key-qr path')?.getAttribute('d') ?? '');
  return [...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map(([, x, y]) => `${Number(x) - 2},${Number(y) - 2}`).sort();
}

/** The dark modules of `text`'s QR code as KeyDeck encodes keys (error correction M). */
function expectedModules(text: string): string[] {
  const dark: string[] = [];
  encode(text, { ecc: 'M', border: 0 }).data.forEach((row, y) => row.forEach((on, x) => on && dark.push(`${x},${y}`)));
  return dark.sort();
}

describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const site = useStarted('the page server', startPageServer);
  beforeEach(async () => {
    await driver().extension(async () => {
      await chrome.storage.local.clear();
      await chrome.storage.session.clear();
    });
  });

  test('QR code: locked, it asks for the passphrase and draws nothing; unlocked, it is the key’s code; closing the row removes it', async () => {
    const key = randomBytes(16).toString('hex').toUpperCase();
    const popup = await Popup.open(driver());
    await popup.setPassphrase(PASSPHRASE);
    await popup.addKey({ serviceUrl: site().origin, app: 'Phone app', apiKey: key });
    const row = popup.row('OctoPrint', 'Phone app');
    await popup.tab.waitFor(row);
    await popup.lockNow();

    await popup.rowAction(row, 'QR code');
    await popup.see('Enter your passphrase to reveal the key.', Popup.unlockPrompt);
    await expect(popup.tab.count(Popup.qr('Phone app'))).resolves.toBe(0);

    await popup.answerUnlockPrompt(PASSPHRASE);
    await popup.tab.waitFor(Popup.qr('Phone app'));
    const drawn = await drawnModules(popup.tab);
    expect(drawn.length).toBeGreaterThan(100);
    expect(drawn).toEqual(expectedModules(key));
    // Another key's code differs: the comparison says something.
    expect(drawn).not.toEqual(expectedModules(`${key.slice(0, -1)}${key.endsWith('0') ? '1' : '0'}`));
    // The key itself is in no text of the page (the row still shows it masked).
    await expect(popup.tab.evaluate(() => document.body.innerText)).resolves.not.toContain(key);

    await popup.button('Hide QR code', Popup.details(row), true);
    await expect.poll(() => popup.tab.count(Popup.qr('Phone app'))).toBe(0);
    await popup.button('QR code', Popup.details(row), true);
    await popup.tab.waitFor(Popup.qr('Phone app'));

    // Closing the row drops the code with it; opened again, the row shows the button, not the code.
    await popup.click(within(row, { role: 'button', name: 'Details for' }));
    await expect.poll(() => popup.tab.count(Popup.details(row))).toBe(0);
    await expect(popup.tab.count(Popup.qr('Phone app'))).resolves.toBe(0);
    await popup.expand(row);
    await popup.tab.waitFor(within(Popup.details(row), { role: 'button', name: 'QR code', exact: true }));
    await expect(popup.tab.count(Popup.qr('Phone app'))).resolves.toBe(0);
    await popup.close();
  });
});
