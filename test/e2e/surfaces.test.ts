import { describe, expect, test } from 'vitest';
import { BROWSERS, useDriver } from './driver';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// Issue 11's surfaces in the real browsers: the keyboard shortcut as each browser registered it, and
// the options page (what the browser's own "Options" opens) as the popup's app, wider, in a tab.
describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);

  test('the keyboard shortcut that opens the popup is registered, with the right key for this browser', async () => {
    const commands = await driver().extension(async () => (await chrome.commands.getAll()).map((c: { name: string; shortcut: string }) => [c.name, c.shortcut]));
    expect(commands).toEqual([['_execute_action', browser === 'firefox' ? 'Alt+Shift+K' : 'Ctrl+Shift+K']]);
  });

  test("Options opens the popup's app in a tab, wider than the popup", async () => {
    const options = await driver().tabOpenedBy(() => driver().extension(() => chrome.runtime.openOptionsPage()));
    await options.waitFor({ role: 'heading', level: 1, name: 'KeyDeck' });
    expect(await options.url()).toMatch(/\/src\/options\/index\.html$/);
    const layout = await options.evaluate(() => ({ app: document.querySelector('#app > *')!.getBoundingClientRect().width, viewport: innerWidth }));
    expect(layout.viewport).toBeGreaterThan(760);
    expect(layout.app).toBe(760);
    const popup = await driver().openPopup();
    const popupWidth = await popup.evaluate(() => document.querySelector('#app > *')!.getBoundingClientRect().width);
    expect(popupWidth).toBeLessThanOrEqual(380);
  });
});
