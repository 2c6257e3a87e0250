import { expect, test } from 'vitest';
import { useDriver, useStarted } from './driver';
import { startPageServer } from './harness/pages';

// Callbacks evaluated in the extension's pages use the raw `chrome` API.
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// Chromium only: Chrome exposes storage.local to content scripts unless the extension restricts it
// (storage.local.setAccessLevel). Firefox has no such switch; keeping secrets out of its content
// scripts' reach is issue 9's work (the README's security notes say so).
const KEY = 'q2BzBKPp2558GoaDHnUnm21ee0unxMsBoYF2U4jH73g';
const driver = useDriver('chromium');
const site = useStarted('the page server', startPageServer);

test('a content-script world on a page reads no stored key: storage is for KeyDeck’s own pages only', async () => {
  const credential = { id: 'k1', provider: 'octoprint', serviceUrl: site().origin, app: 'Cura', secrets: { apiKey: KEY }, source: 'manual', createdAt: 1 };
  await driver().extension((c) => chrome.storage.local.set({ vault: { schemaVersion: 1, credentials: [c] } }), credential);
  // Wake the worker (a message) so that its start-up has run, as it has by the time any page loads.
  await driver().extension(() => chrome.runtime.sendMessage({ type: 'settings.get', payload: {} }));
  const page = await driver().openTab(site().url('/blank'));
  try {
    // What code in KeyDeck's content-script world on that page gets (a compromised renderer has the same).
    const seen: string = await driver().extension(async (url) => {
      const [tab] = await chrome.tabs.query({ url: `${url}*` });
      const [result] = await chrome.scripting.executeScript({
        target: { tabId: tab.id },
        func: async () => {
          const read = async (area: string) => {
            try {
              return JSON.stringify(await (chrome.storage as any)[area].get(null)); // eslint-disable-line @typescript-eslint/no-explicit-any
            } catch (error) {
              return `refused: ${(error as Error).message}`;
            }
          };
          return `${await read('local')} | ${await read('session')}`;
        },
      });
      return result.result;
    }, site().url('/blank'));
    expect(seen).not.toContain(KEY);
    expect(seen).toMatch(/^refused: .* \| refused: /);
    // KeyDeck's own page still reads it.
    await expect(driver().extension(async () => JSON.stringify(await chrome.storage.local.get('vault')))).resolves.toContain(KEY);
  } finally {
    await page.close();
  }
});
