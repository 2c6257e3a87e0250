import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPortalSim, type PortalSim } from '../sim/portal';
import { BROWSERS, useDriver, within } from './driver';
import { Popup } from './pages/popup';
import { connectThroughPortal } from './support/hand-over';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// An OctoEverywhere connection captured through the finish page, then used from the key list in
// both browsers: its row is titled by the printer, and its URL, basic-auth user and password and its
// OctoPrint key are each copied on their own (read back from the real clipboard), then cleared.
describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  let portal: PortalSim;
  let popup: Popup;

  beforeAll(async () => {
    portal = await startPortalSim({ cocalcDelayMs: 0 });
    popup = await Popup.open(driver());
    const reply = await popup.tab.evaluate((url) => chrome.runtime.sendMessage({ type: 'settings.update', payload: { portalUrl: url } }), portal.url);
    expect(reply.ok).toBe(true);
  });
  afterAll(async () => {
    await portal?.close();
  });

  test('the captured connection is titled by its printer; URL, user, password and key each copy, and the clipboard is cleared', async () => {
    portal.configure({ outcome: 'success', paramCase: 'camel', overrides: {} });
    await popup.setClipboardDelay(5); // the minimum, so the clear can be waited for
    const tab = await connectThroughPortal(driver(), popup, 'Phone dashboard');
    await tab.click({ css: '#sign-in' });
    await tab.waitForClose(); // KeyDeck closes the tab, which never loaded the finish page
    await popup.tab.bringToFront();
    await popup.see('Saved the OctoEverywhere connection for Phone dashboard');
    const issued = portal.lastFinish!.issued;

    await popup.openTab('Keys');
    const label = `OctoEverywhere · Phone dashboard · ${new URL(issued.url!).host}`;
    const row = [{ role: 'listitem', name: label, exact: true }];
    await popup.tab.waitFor(row);
    // Titled by the printer; the app name beside it.
    await expect(popup.tab.text(within(row, { text: issued.printername!, exact: true }))).resolves.toBe(issued.printername);
    await popup.see('Phone dashboard', row);

    await popup.expand(row);
    const details = Popup.details(row);
    const copies: [string, string, string][] = [
      ['Copy connection URL', 'Copied the connection URL. The clipboard will be cleared in 5 s.', issued.url!],
      ['Copy basic-auth user', 'Copied the basic-auth user. The clipboard will be cleared in 5 s.', issued.authBasicHttpUser!],
      ['Copy basic-auth password', 'Copied the basic-auth password. The clipboard will be cleared in 5 s.', issued.authBasicHttpPassword!],
    ];
    for (const [button, said, value] of copies) {
      await popup.button(button, details, true);
      await popup.see(said);
      await expect(driver().readClipboard()).resolves.toBe(value);
    }
    // The three are different values: each button copied its own.
    expect(new Set(copies.map(([, , value]) => value)).size).toBe(3);

    await popup.button(`Copy ${label}`, row, true);
    await popup.see('Key copied. The clipboard will be cleared in 5 s.');
    await expect(driver().readClipboard()).resolves.toBe(issued.octoPrintApiKey);
    await expect.poll(() => driver().readClipboard(), { timeout: 15_000, interval: 500 }).toBe('');
    await popup.see('Clipboard cleared.');
    // None of them was ever put into the popup's page as text.
    const text = await popup.tab.evaluate(() => document.body.innerText);
    for (const secret of [issued.octoPrintApiKey, issued.authBasicHttpPassword]) expect(text).not.toContain(secret);
  });
});
