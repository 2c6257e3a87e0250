import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startOctoPrintSim, type OctoPrintSim } from '../sim/octoprint';
import { BROWSERS, useDriver, useStarted } from './driver';
import { startHostileOctoPrint, startStranger, type HostileOctoPrint } from './harness/hostile';
import { Popup } from './pages/popup';
import { openVault } from './support/open-vault';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// Attack suite (issue 9), a hostile OctoPrint, in both browsers: the server (a proxy in front of the
// simulator) redirects key-carrying requests elsewhere, names a foreign approval page, sends a 5 MB
// user name, and puts markup and bidi characters in what KeyDeck shows. The integration tests
// (octoprint-trust.test.ts) cover the same with a rewritten fetch; here the browser's own fetch,
// tabs and rendering are the ones under attack.
describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const stranger = useStarted('the attacker’s server', startStranger);
  let sim: OctoPrintSim;
  let server: HostileOctoPrint;
  let popup: Popup;
  beforeAll(async () => {
    // Many requests in a row: OctoPrint's rate limit on key requests would only slow the tests down.
    sim = await startOctoPrintSim({ rateLimit: false });
    server = await startHostileOctoPrint(sim.url);
    popup = await Popup.open(driver());
  });
  afterAll(async () => {
    await server?.close();
    await sim?.close();
  });
  beforeEach(() => {
    server.rule = undefined;
  });

  const send = (type: string, payload: unknown) => popup.tab.evaluate(({ type, payload }) => chrome.runtime.sendMessage({ type, payload }), { type, payload });
  const vault = (): Promise<Array<{ app: string; user?: string; secrets: { apiKey?: string } }>> => openVault(driver());
  /** The user's Allow, for the request `app` made (as clicking it in OctoPrint would). */
  async function allow(app: string): Promise<void> {
    await expect.poll(() => sim.pending().some((p) => p.appId === app)).toBe(true);
    sim.approve(sim.pending().find((p) => p.appId === app)!.appToken, 'admin');
  }

  test.each([302, 307, 308] as const)('a %i redirect on key-carrying requests sends neither the key nor basic auth to the other origin', async (status) => {
    const user = { 302: sim.users.admin, 307: sim.users.bob, 308: sim.users.viewer }[status];
    server.rule = ({ headers }) =>
      headers['x-api-key'] || headers.authorization ? { redirect: { status, location: `${stranger().url}/steal` } } : undefined;

    // A key typed in for this server, then checked against it (X-Api-Key).
    await popup.addKey({ serviceUrl: server.url, app: `Typed ${status}`, apiKey: user.apiKey });
    await popup.see(`Saved the key for Typed ${status}.`);
    const id = (await vault()).find((c) => c.app === `Typed ${status}`)!;
    const checked = await send('credential.verify', { id: (id as unknown as { id: string }).id });
    expect(checked).toMatchObject({ ok: false, error: { message: expect.stringContaining('redirected') } });

    // A key request through a proxy that asks for basic auth (Authorization on every request).
    const password = `proxy-pass-${status}`;
    const started = await send('flow.start', { serviceUrl: server.url, app: `Proxied ${status}`, basicAuth: { user: 'proxy', password } });
    expect(started.ok).toBe(true);
    await popup.see('redirected', popup.flow(`Proxied ${status}`, server.url));

    expect(stranger().sawSecret(user.apiKey)).toBe(false);
    expect(stranger().log.some((seen) => seen.headers.authorization !== undefined || seen.path.startsWith('/steal'))).toBe(false);
    expect((await vault()).map((c) => c.secrets.apiKey)).not.toContain('STRANGERS-KEY-0123456789abcdef');
  });

  test.each([
    ['another origin', () => `${stranger().url}/phish`],
    ['a data: URL', () => 'data:text/html,<h1>Click Allow</h1>'],
  ])('an auth_dialog on %s is not opened: “Open OctoPrint” opens the server’s own approval page', async (_, hostile) => {
    const app = `Dialog ${hostile().slice(0, 4)}`;
    server.rule = ({ method, path }) =>
      method === 'POST' && path.endsWith('/plugin/appkeys/request') ? { json: (body) => ({ ...body, auth_dialog: hostile() }) } : undefined;
    expect((await send('flow.start', { serviceUrl: server.url, app })).ok).toBe(true);
    const flow = popup.flow(app, server.url);
    await popup.see('Waiting for you', flow);
    const opened = await driver().tabOpenedBy(() => popup.button('Open OctoPrint', flow));
    const shown = new URL(await opened.url());
    expect(shown.origin).toBe(server.url);
    // OctoPrint's own approval page for this request (behind its login page when signed out).
    expect(decodeURIComponent(shown.pathname + shown.search)).toMatch(/\/plugin\/appkeys\/auth\/[\w-]+/);
    expect(stranger().log.some((seen) => seen.path.startsWith('/phish'))).toBe(false);
    await opened.close();
    await popup.button('Cancel', flow, true);
    await popup.see('Cancelled', flow);
  });

  test('a 5 MB user name from /api/currentuser does not lose the key: it is saved, the name cut short', async () => {
    server.rule = ({ path }) => (path.startsWith('/api/currentuser') ? { json: (body) => ({ ...body, name: 'A'.repeat(5 * 1024 * 1024) }) } : undefined);
    expect((await send('flow.start', { serviceUrl: server.url, app: 'Huge Name' })).ok).toBe(true);
    await allow('Huge Name');
    const row = popup.row('OctoPrint', 'Huge Name');
    await popup.expand(row);
    await popup.see(/Works as A+…/, row);
    const saved = (await vault()).find((c) => c.app === 'Huge Name');
    expect(saved?.secrets.apiKey).toBe(sim.keys().find((k) => k.appId === 'Huge Name')!.apiKey);
    const stored = await driver().extension(async () => JSON.stringify(await chrome.storage.local.get(null)).length);
    expect(stored).toBeLessThan(100_000);
  });

  test('hostile markup and bidi characters in the user name and version are shown as text: no element, no request', async () => {
    const markup = `<img src="${stranger().url}/beacon-user" onerror="document.title='owned'">`;
    const name = `${markup}\u202Enimda\u2066`;
    const version = `1.11.8<b>\u202E</b>`;
    server.rule = ({ path }) => {
      if (path.startsWith('/api/currentuser')) return { json: (body) => ({ ...body, name }) };
      if (path.startsWith('/api/version')) return { json: (body) => ({ ...body, server: version, text: `OctoPrint ${version}` }) };
      return undefined;
    };
    expect((await send('flow.start', { serviceUrl: server.url, app: 'Markup' })).ok).toBe(true);
    await allow('Markup');
    const row = popup.row('OctoPrint', 'Markup');
    await popup.see(markup, row); // the markup itself, as characters
    const rendered = await popup.tab.evaluate(() => ({
      images: document.querySelectorAll('img, b').length,
      title: document.title,
      text: document.body.textContent ?? '',
    }));
    expect(rendered.images).toBe(0);
    expect(rendered.title).not.toBe('owned');
    expect(rendered.text).toContain('\u202Enimda\u2066'); // kept, as text, inside its own field
    expect(stranger().log.some((seen) => seen.path.startsWith('/beacon'))).toBe(false);
    // KeyDeck's own controls keep their names whatever the server sent.
    await popup.tab.waitFor([...row, { role: 'button', name: `Copy OctoPrint · Markup · ${new URL(server.url).host}`, exact: true }]);
  });
});
