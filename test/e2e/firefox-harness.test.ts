// Checks the Firefox ESR WebDriver BiDi harness (harness/firefox/) against a
// tiny MV3 add-on built here in a temp dir, and pins down what Firefox 153
// headless allows an extension to do.
//
// Findings (Firefox ESR 153, headless, add-on installed with webExtension.install):
// - Clipboard. With `clipboardRead`, `navigator.clipboard.readText()` works when
//   simply evaluated in the extension page (no user activation, no prompt) and in
//   the background page, also for text another origin wrote. Headless Firefox
//   has its own in-memory clipboard, so tests do not touch any real one.
//   Without `clipboardRead`, the page can still read text that its own origin
//   wrote (Firefox skips the paste prompt for same-origin content), but text from
//   another origin is refused ("Clipboard read operation is not allowed", even
//   after a real click: headless cannot show the paste menu) and the background
//   gets "blocked due to lack of user activation". So a same-origin round trip
//   proves nothing about `clipboardRead`: the test below reads text that an
//   http://127.0.0.1 page wrote.
// - User activation. `permissions.request` without a click rejects with "may only
//   be called from a user input handler"; BiDi's `script.evaluate
//   {userActivation: true}` does NOT count as one. After a real click
//   (input.performActions) the call goes through: with the default prefs it then
//   waits for the permission doorhanger, which nobody can answer headless (the
//   promise stays pending), so the harness is launched with
//   `extensions.webextOptionalPermissionPrompts: false`, and the request resolves
//   to true.
// - Timings on this machine: launch (spawn → session ready) ≈ 1.5–2 s, install
//   ≈ 0.2–0.3 s, close ≈ 0.4 s; this whole file ≈ 6 s.
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox, runningFirefoxPids, type FirefoxSession, type FirefoxTab } from './harness/firefox';

const GECKO_ID = 'firefox-harness@keydeck.test';

const MANIFEST = {
  manifest_version: 3,
  name: 'KeyDeck harness check',
  version: '1.0',
  browser_specific_settings: { gecko: { id: GECKO_ID } },
  background: { scripts: ['background.js'] },
  permissions: ['storage', 'clipboardWrite', 'clipboardRead'],
  optional_permissions: ['bookmarks'],
};

const BACKGROUND_JS = `
browser.runtime.onMessage.addListener(async (msg) => {
  if (msg && msg.type === 'readClipboard') return { text: await navigator.clipboard.readText() };
  return { pong: msg, from: location.pathname };
});
`;

const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>harness</title></head>
<body>
  <input id="name" autocomplete="off">
  <button id="save">Save</button>
  <button id="ask">Ask</button>
  <script src="page.js"></script>
</body></html>`;

const PAGE_JS = `
document.getElementById('save').addEventListener('click', async () => {
  const value = document.getElementById('name').value;
  try {
    await browser.storage.local.set({ saved: value });
    await navigator.clipboard.writeText(value);
    window.saveResult = 'ok';
  } catch (e) {
    window.saveResult = 'error: ' + e;
  }
});
document.getElementById('ask').addEventListener('click', () => {
  browser.permissions.request({ permissions: ['bookmarks'] }).then(
    (granted) => { window.askResult = 'granted:' + granted; },
    (e) => { window.askResult = 'error: ' + e.message; },
  );
});
`;

// A page of another origin that writes to the clipboard on a (real) click.
const OTHER_ORIGIN_HTML = `<!doctype html><meta charset="utf-8">
<button id="copy" onclick="navigator.clipboard.writeText('from another origin').then(() => window.copied = 'ok', (e) => window.copied = 'error: ' + e)">copy</button>`;

describe('firefox-esr harness (WebDriver BiDi)', () => {
  let dir: string;
  let ff: FirefoxSession | undefined;
  let page: FirefoxTab;
  let server: Server | undefined;
  let otherOrigin: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keydeck-ff-addon-'));
    const addon = join(dir, 'addon');
    await mkdir(addon);
    await writeFile(join(addon, 'manifest.json'), JSON.stringify(MANIFEST, null, 2));
    await writeFile(join(addon, 'background.js'), BACKGROUND_JS);
    await writeFile(join(addon, 'page.html'), PAGE_HTML);
    await writeFile(join(addon, 'page.js'), PAGE_JS);

    server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(OTHER_ORIGIN_HTML);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    otherOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    ff = await launchFirefox({
      extensionPath: addon,
      geckoId: GECKO_ID,
      // Optional-permission requests are granted without the (unanswerable) doorhanger.
      prefs: { 'extensions.webextOptionalPermissionPrompts': false },
    });
    console.info(`firefox-esr: launch ${ff.timings.launchMs} ms, install ${ff.timings.installMs} ms`);
    page = await ff.open(`${ff.extensionOrigin}/page.html`);
  });

  afterAll(async () => {
    await ff?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('opens the extension page on the pinned moz-extension:// origin', async () => {
    expect(ff!.extensionOrigin).toMatch(/^moz-extension:\/\/[0-9a-f-]{36}$/);
    expect(ff!.extensionId).toBe(GECKO_ID);
    expect(await page.evaluate<string>('location.origin')).toBe(ff!.extensionOrigin);
    expect(await page.evaluate<string>('typeof browser.storage.local')).toBe('object');
  });

  it('deserializes RemoteValues', async () => {
    expect(
      await page.evaluate(
        `({ s: 'x', n: 1.5, t: true, nul: null, u: undefined, arr: [1, 'two', [3]], nested: { a: { b: 2 } },
            m: new Map([['k', 1], [2, 'two']]), set: new Set([1, 2]) })`,
      ),
    ).toEqual({ s: 'x', n: 1.5, t: true, nul: null, u: undefined, arr: [1, 'two', [3]], nested: { a: { b: 2 } }, m: { k: 1, 2: 'two' }, set: [1, 2] });
    expect(await page.evaluate('Promise.resolve(42)')).toBe(42);
    expect(await page.evaluate('undefined')).toBeUndefined();
    expect(Number.isNaN(await page.evaluate('NaN'))).toBe(true);
  });

  it('types into the input and real-clicks the button: storage and clipboard are written', async () => {
    await page.type('#name', 'key-123 ü');
    expect(await page.evaluate('document.getElementById("name").value')).toBe('key-123 ü');
    await page.click('#save');
    await page.waitFor('window.saveResult', 5_000);
    expect(await page.evaluate('window.saveResult')).toBe('ok');
    expect(await page.evaluate('browser.storage.local.get("saved")')).toEqual({ saved: 'key-123 ü' });
    // Same-origin round trip (would work even without clipboardRead, see the header).
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe('key-123 ü');
  });

  it('reads with clipboardRead what another origin wrote, in the page and in the background', async () => {
    const other = await ff!.open(`${otherOrigin}/`);
    await other.click('#copy'); // writeText from a web page needs user activation: real click
    await other.waitFor('window.copied', 5_000);
    expect(await other.evaluate('window.copied')).toBe('ok');
    await other.close();

    expect(await page.evaluate('navigator.clipboard.readText()')).toBe('from another origin');
    expect(await page.evaluate('browser.runtime.sendMessage({ type: "readClipboard" })')).toEqual({ text: 'from another origin' });
  });

  it('gets an answer from the background to runtime.sendMessage', async () => {
    expect(await page.evaluate('browser.runtime.sendMessage({ hello: "background" })')).toEqual({
      pong: { hello: 'background' },
      from: '/_generated_background_page.html',
    });
  });

  it('gives user activation only through a real click (permissions.request)', async () => {
    await expect(page.evaluate('browser.permissions.request({ permissions: ["bookmarks"] })')).rejects.toThrow(
      /user input handler/,
    );
    await expect(
      page.evaluate('browser.permissions.request({ permissions: ["bookmarks"] })', { userActivation: true }),
    ).rejects.toThrow(/user input handler/);
    await page.click('#ask');
    await page.waitFor('window.askResult', 5_000);
    expect(await page.evaluate('window.askResult')).toBe('granted:true');
    expect(await page.evaluate('browser.permissions.contains({ permissions: ["bookmarks"] })')).toBe(true);
  });

  it('takes a PNG screenshot', async () => {
    const file = join(dir, 'page.png');
    await page.screenshot(file);
    const png = await readFile(file);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('fails clearly: page exceptions, missing elements, waitFor timeouts', async () => {
    await expect(page.evaluate('(() => { throw new Error("boom") })()')).rejects.toThrow(/Error: boom/);
    await expect(page.evaluate('Promise.reject(new TypeError("nope"))')).rejects.toThrow(/TypeError: nope/);
    await expect(page.click('#missing')).rejects.toThrow(/no element matches selector "#missing"/);
    await expect(page.waitFor('window.neverSet === true', 300)).rejects.toThrow(/waitFor timed out after 300 ms: window.neverSet === true/);
  });

  it('close() kills Firefox and removes the profile, and may be called again', async () => {
    const { pid, profileDir } = ff!;
    await ff!.close();
    await ff!.close();
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(stat(profileDir)).rejects.toThrow();
    expect(runningFirefoxPids()).toEqual([]);
  });
});

describe('firefox-esr harness: launch failures', () => {
  it('a missing binary is an error, not a skip', async () => {
    await expect(
      launchFirefox({ extensionPath: '/nonexistent', geckoId: GECKO_ID, binary: '/nonexistent/firefox-esr' }),
    ).rejects.toThrow('firefox-esr not found: apt-get install -y firefox-esr');
  });

  it('a failed install throws and leaves no Firefox behind', async () => {
    const missing = join(tmpdir(), 'keydeck-no-such-addon');
    await expect(launchFirefox({ extensionPath: missing, geckoId: GECKO_ID })).rejects.toThrow(/webExtension\.install/);
    expect(runningFirefoxPids()).toEqual([]);
  });
});
