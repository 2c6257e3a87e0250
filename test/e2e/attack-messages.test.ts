import { beforeEach, describe, expect, test } from 'vitest';
import { BROWSERS, useDriver, useStarted, type Driver, type Tab } from './driver';
import { startPageServer } from './harness/pages';
import { startStranger } from './harness/hostile';
import { Popup } from './pages/popup';
import { openVaultText } from './support/open-vault';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// Attack suite (issue 9), messages and frames, in both browsers: code in KeyDeck's content-script
// world, a web page, and an attacker page framing OctoPrint try to make the background act for them.
const KEY = 'q2BzBKPp2558GoaDHnUnm21ee0unxMsBoYF2U4jH73g';
const PLANTED = 'P1anted0000000000000000000000000000000000000';

describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const site = useStarted('the page server', startPageServer);
  const stranger = useStarted('the attacker’s server', startStranger);
  beforeEach(async () => {
    await driver().extension(() => chrome.storage.local.remove('vault'));
  });

  const vaultText = () => openVaultText(driver());
  const settings = () => driver().extension(async () => (await chrome.runtime.sendMessage({ type: 'settings.get', payload: {} })).data);
  async function tabIdOf(d: Driver, tab: Tab): Promise<number> {
    const url = await tab.url();
    return d.extension(async (u) => (await chrome.tabs.query({})).find((t: { url?: string }) => t.url === u)?.id, url);
  }
  /** Runs `messages` from KeyDeck's content-script world in that tab (`frames`: only in its subframes). */
  async function fromContentScript(tab: Tab, messages: unknown[], frames: 'top' | 'sub' = 'top') {
    const tabId = await tabIdOf(driver(), tab);
    return driver().extension(
      async ({ tabId, messages, frames }) => {
        const results = await chrome.scripting.executeScript({
          target: { tabId, allFrames: frames === 'sub' },
          args: [messages, frames],
          func: async (list: unknown[], where: string) =>
            (window === window.top) === (where === 'top') ? Promise.all(list.map((m) => chrome.runtime.sendMessage(m))) : null,
        });
        return results.map((r: { result: unknown }) => r.result).find((r: unknown) => r !== null);
      },
      { tabId, messages, frames },
    );
  }

  test('forged messages from a content-script world: every extension-only request is refused, nothing is saved or changed', async () => {
    const tab = await driver().openTab(site().url('/blank'));
    const forged = [
      { type: 'vault.list', payload: {} },
      { type: 'vault.add', payload: { provider: 'octoprint', serviceUrl: site().origin, app: 'Planted', apiKey: PLANTED } },
      { type: 'vault.reveal', payload: { id: 'any' } },
      { type: 'settings.update', payload: { detectEverywhere: true, portalUrl: stranger().url } },
      { type: 'flow.start', payload: { serviceUrl: stranger().url, app: 'Planted' } },
      { type: 'account.create', payload: { provider: 'cocalc', serverUrl: stranger().url, app: 'Planted' } },
      { type: 'portal.start', payload: { app: 'Planted' } },
      { type: 'capture.confirm', payload: { tabId: 1 } },
    ];
    const replies = (await fromContentScript(tab, forged)) as Array<{ ok: boolean; error: { code: string } }>;
    expect(replies.map((r) => r.error?.code)).toEqual(forged.map(() => 'forbidden'));

    // A detection report naming another server is recorded for the page the browser says sent it.
    const [report] = (await fromContentScript(tab, [
      { type: 'content.detected', payload: { kind: 'octoprint', page: 'main', url: 'http://octopi.local/' } },
    ])) as Array<{ ok: boolean }>;
    expect(report).toEqual({ ok: true, data: { ok: true } });
    const tabId = await tabIdOf(driver(), tab);
    const recorded = await driver().extension(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`], tabId);
    expect(recorded.url).toBe(site().url('/blank'));

    expect(await vaultText()).not.toContain(PLANTED);
    expect(await settings()).toMatchObject({ detectEverywhere: false });
    expect((await settings()).portalUrl).not.toBe(stranger().url);
    expect(stranger().log).toEqual([]);
    await tab.close();
  });

  test('a web page’s postMessage and runtime messages reach nothing: no key planted or read, settings unchanged', async () => {
    const popup = await Popup.open(driver());
    await popup.addKey({ serviceUrl: site().origin, app: 'Held', apiKey: KEY });
    await popup.see('Saved the key for Held.');
    const extensionId = await driver().extension(() => chrome.runtime.id);
    // An OctoPrint page of that server, where KeyDeck's content script runs; the page script is the attacker.
    const tab = await driver().openTab(site().url('/login/'));
    const attempts = await tab.evaluate(async ({ id, planted }) => {
      const messages = [
        { type: 'vault.add', payload: { provider: 'octoprint', serviceUrl: location.origin, app: 'Planted', apiKey: planted } },
        { type: 'settings.update', payload: { detectEverywhere: true } },
        { type: 'vault.list', payload: {} },
      ];
      for (const m of messages) window.postMessage(m, '*');
      const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
      if (typeof runtime?.sendMessage !== 'function') return 'no runtime messaging for web pages';
      try {
        return JSON.stringify(await (runtime.sendMessage as (id: string, m: unknown) => Promise<unknown>)(id, messages[2]));
      } catch (error) {
        return `refused: ${(error as Error).message}`;
      }
    }, { id: extensionId, planted: PLANTED });
    expect(attempts).not.toContain(KEY);
    expect(attempts).toMatch(/^(no runtime messaging|refused|undefined)/);
    // The popup on that tab still shows only the user's key and the real server; nothing was planted.
    const onTab = await Popup.open(driver(), tab);
    await onTab.see(`This page looks like OctoPrint at ${site().origin}`);
    await onTab.tab.waitFor(onTab.row('OctoPrint', 'Held'));
    expect(await onTab.tab.count(onTab.row('OctoPrint', 'Planted'))).toBe(0);
    expect(await vaultText()).not.toContain(PLANTED);
    expect(await settings()).toMatchObject({ detectEverywhere: false });
    await onTab.close();
    await tab.close();
    await popup.close();
  });

  test('frames: OctoPrint framed by an attacker page is not detected as that page, and a subframe’s detection report is refused', async () => {
    stranger().page('/framer', `<!doctype html><title>Prize</title><iframe id="op" src="${site().url('/login/')}" onload="document.title='framed'"></iframe>`);
    const tab = await driver().openTab(`${stranger().url}/framer`);
    await expect.poll(() => tab.evaluate(() => document.title)).toBe('framed');

    // The popup asks about the tab: the top page is the attacker's, and it is not OctoPrint.
    const popup = await Popup.open(driver(), tab);
    const tabId = await tabIdOf(driver(), tab);
    const reply = await popup.tab.evaluate((id) => chrome.runtime.sendMessage({ type: 'tab.detect', payload: { tabId: id } }), tabId);
    expect(reply).toEqual({ ok: true, data: { detection: null } });
    expect(await popup.tab.count({ text: 'looks like OctoPrint' })).toBe(0);

    // Code in KeyDeck's world inside the frame reports a detection: only a tab's top page may.
    const [framed] = (await fromContentScript(tab, [
      { type: 'content.detected', payload: { kind: 'octoprint', page: 'login', url: site().url('/login/') } },
    ], 'sub')) as Array<{ ok: boolean; error?: { code: string } }>;
    expect(framed).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const recorded = await driver().extension(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] ?? null, tabId);
    expect(recorded).toBeNull();
    await popup.close();
    await tab.close();
  });
});
