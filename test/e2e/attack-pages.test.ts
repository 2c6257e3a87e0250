import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPortalSim, type PortalSim } from '../sim/portal';
import { BROWSERS, useDriver, useStarted, type Tab } from './driver';
import { startStranger } from './harness/hostile';
import { Popup } from './pages/popup';
import { connectThroughPortal as connectThroughPortalIn } from './support/hand-over';
import { openVaultText } from './support/open-vault';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// Attack suite (issue 9), pages, in both browsers: look-alike finish addresses in the tab KeyDeck
// opened for a hand-over, and markup and bidi characters in what pages hand KeyDeck to show (a page
// posing as OctoPrint, a finish page's printer name). finish-capture.test.ts covers the hostile pages
// on another origin (forms, postMessage, frames, redirects through the portal).
const FORGED_KEY = `F0rg3d${'A'.repeat(37)}`;
const FORGED = `success=true&id=F0RG3D&url=${encodeURIComponent('https://app-f0rg3d.octoeverywhere.com')}&octoPrintApiKey=${FORGED_KEY}`;

describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const stranger = useStarted('the attacker’s server', startStranger);
  let portal: PortalSim;
  let popup: Popup;
  beforeAll(async () => {
    portal = await startPortalSim({ cocalcDelayMs: 0 });
    portal.configure({ outcome: 'success', paramCase: 'camel' });
    popup = await Popup.open(driver());
    const reply = await popup.tab.evaluate((url) => chrome.runtime.sendMessage({ type: 'settings.update', payload: { portalUrl: url } }), portal.url);
    expect(reply.ok).toBe(true);
  });
  afterAll(() => portal?.close());

  const send = (type: string, payload: unknown) => popup.tab.evaluate(({ type, payload }) => chrome.runtime.sendMessage({ type, payload }), { type, payload });
  const vaultText = () => openVaultText(driver());
  const results = async () => (await send('capture.list', {})).data.results as Array<{ message: string }>;
  const tabIdOf = async (tab: Tab) => {
    const url = await tab.url();
    return driver().extension(async (u) => (await chrome.tabs.query({})).find((t: { url?: string }) => t.url === u)?.id, url);
  };
  const connectThroughPortal = (app: string) => connectThroughPortalIn(driver(), popup, app);

  test('look-alike finish addresses (host suffix, wrong path, case, userinfo) in the hand-over tab are neither captured nor offered', async () => {
    const before = (await results()).length;
    const tab = await connectThroughPortal('Look-alike');
    const tabId = await tabIdOf(tab); // the same tab throughout (a hidden address cannot be looked up)
    const { port } = new URL(portal.url);
    const lookAlikes = [
      `http://127.0.0.1.localhost:${port}/appportal/v1/complete?${FORGED}`, // the portal's host as a prefix of another
      `${portal.url}/appportal/v1/complete/x?${FORGED}`, // a path below the finish page
      `${portal.url}/appportal/v1/completed?${FORGED}`, // a longer path
      `${portal.url}/APPPORTAL/V1/COMPLETE?${FORGED}`, // another case
    ];
    for (const address of lookAlikes) {
      await tab.goto(address);
      await expect(send('capture.offer', { tabId }), address).resolves.toEqual({ ok: true, data: { offer: false } });
    }
    // The first look-alike was another site, which ended that watch for good: a new hand-over through
    // the portal's real finish page is captured.
    await tab.close();
    const real = await connectThroughPortal('Look-alike');
    await real.click({ css: '#sign-in' });
    await real.waitForClose();
    await popup.tab.bringToFront();
    await popup.see('Saved the OctoEverywhere connection for Look-alike');
    expect((await results()).length).toBe(before + 1);
    expect(await vaultText()).not.toContain('F0rg3d');

    // userinfo: the portal's host:port as a user name in front of another host. (Firefox stops such an
    // address with its own "you are about to log in" prompt before any page: Chromium only.)
    if (browser === 'chromium') {
      const next = await connectThroughPortal('Userinfo');
      const nextId = await tabIdOf(next);
      await next.goto(`http://127.0.0.1:${port}@${new URL(stranger().url).host}/appportal/v1/complete?${FORGED}`);
      // That page is on another origin: the watch ends; even the portal's own finish address is then only offered.
      await next.goto(`${portal.completeUrl}?${FORGED}`);
      await expect.poll(async () => (await send('capture.offer', { tabId: nextId })).data.offer).toBe(true);
      expect(await vaultText()).not.toContain('F0rg3d');
      expect((await results()).length).toBe(before + 1);
      await next.close();
    }
  });

  test('markup and bidi characters a page hands over are shown as text: a page posing as OctoPrint, a finish page’s printer name', async () => {
    const beacon = (name: string) => `<img src="${stranger().url}/beacon-${name}" onerror="document.title='owned'">`;
    stranger().page(
      '/poser',
      `<!doctype html><html data-octoprint-version="&lt;b&gt;1.11&lt;/b&gt;\u202E"><title>OctoPrint</title>
       <div id="page-container-main"></div>
       <div class="ui-pnotify"><div class="ui-pnotify-title">Access Request</div>
       <div class="ui-pnotify-text"><strong>${beacon('app').replace(/</g, '&lt;').replace(/>/g, '&gt;')}\u202Eevil</strong></div></div>`,
    );
    const poser = await driver().openTab(`${stranger().url}/poser`);
    const onPoser = await Popup.open(driver(), poser);
    // The banner names the attacker's own address (the user sees where a key would go) and shows the markup as characters.
    await onPoser.see(`This page looks like OctoPrint at ${stranger().url}/poser`);
    await onPoser.see(`OctoPrint shows an Access Request for “${beacon('app')}`);
    await onPoser.see('<b>1.11</b>');
    const shown = await onPoser.tab.evaluate(() => [document.querySelectorAll('img, b').length, document.title, document.body.textContent]);
    expect(shown.slice(0, 2)).toEqual([0, 'KeyDeck']);
    expect(shown[2]).toContain(`${beacon('app')}\u202Eevil”`); // the override kept as a character, inside its quotes
    await onPoser.close();
    await poser.close();

    portal.configure({ outcome: 'success', paramCase: 'camel', overrides: { printername: `${beacon('printer')}\u202Eretnirp` } });
    const tab = await connectThroughPortal('Printer markup');
    await tab.click({ css: '#sign-in' });
    await tab.waitForClose();
    await popup.tab.bringToFront();
    await popup.see(`Saved the OctoEverywhere connection for Printer markup (${beacon('printer')}`);
    const after = await popup.tab.evaluate(() => [document.querySelectorAll('img').length, document.body.textContent]);
    expect(after[0]).toBe(0);
    expect(after[1]).toContain(`(${beacon('printer')}\u202Eretnirp)`);
    expect(stranger().log.some((seen) => seen.path.startsWith('/beacon'))).toBe(false);
    portal.configure({ overrides: {} });
  });
});
