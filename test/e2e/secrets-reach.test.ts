import { describe, expect, test } from 'vitest';
import { BROWSERS, useDriver, useStarted } from './driver';
import { startPageServer } from './harness/pages';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const KEY = 'q2BzBKPp2558GoaDHnUnm21ee0unxMsBoYF2U4jH73g';

// Issue 9, finding 2: code in KeyDeck's content-script world on a page (or a compromised renderer of
// that page) must read no secret. Chrome: storage is for trusted contexts only (setAccessLevel).
// Firefox has no such switch and shows storage.local to content scripts: there it sees only ciphertext.
describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const site = useStarted('the page server', startPageServer);

  test('a content-script world on a page reads no stored key, locked or not', async () => {
    const send = (message: unknown) => driver().extension((m) => chrome.runtime.sendMessage(m), message);
    await expect(send({ type: 'vault.add', payload: { provider: 'octoprint', serviceUrl: site().origin, app: 'Cura', apiKey: KEY } })).resolves.toMatchObject({ ok: true });
    // With the lock on, the unlocked private key sits in storage.session: it must not be reachable either.
    await expect(send({ type: 'lock.set', payload: { passphrase: 'correct horse battery' } })).resolves.toMatchObject({ ok: true, data: { enabled: true, locked: false } });
    const privateKey: string = await driver().extension(async () => (await chrome.storage.session.get('lock.unlocked'))['lock.unlocked'].privateKey);
    const page = await driver().openTab(site().url('/blank'));
    try {
      const seen: string = await driver().extension(async (url) => {
        const tab = (await chrome.tabs.query({})).find((t: { url?: string }) => t.url === url);
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
      expect(seen).not.toContain(privateKey);
      if (browser === 'chromium') expect(seen).toMatch(/^refused: .* \| refused: /);
      else expect(seen).toMatch(/"sealed".* \| refused: /); // Firefox: ciphertext only, and no session storage
      // KeyDeck's own pages still get the key, through the background.
      const [entry] = (await send({ type: 'vault.list', payload: {} })).data.credentials;
      await expect(send({ type: 'vault.reveal', payload: { id: entry.id } })).resolves.toMatchObject({ data: { apiKey: KEY } });
    } finally {
      await page.close();
    }
  });
});
