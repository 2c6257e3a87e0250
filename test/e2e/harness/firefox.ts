// Drives an unpacked extension in headless Debian `firefox-esr` over WebDriver
// BiDi (our own client in bidi.ts; Playwright's Firefox mode does not work with
// ESR 153 and geckodriver is not available).
//
//   firefox-esr --headless --no-remote --remote-debugging-port=0
//               --remote-allow-system-access --profile <fresh dir>
//
// prints "WebDriver BiDi listening on ws://127.0.0.1:PORT" on stderr; we connect
// to that URL + "/session", `session.new`, then `webExtension.install` the
// unpacked add-on (installed as a temporary add-on: no signature needed).
// `--remote-allow-system-access` is required, or navigating to moz-extension://
// is refused. The add-on's moz-extension:// host is pinned in advance through
// the pref `extensions.webextensions.uuids` = {"<gecko id>": "<uuid>"}.
//
// Every wait is bounded (launch ≤ 30 s, each command ≤ 15 s) and a failed
// launch kills the process and removes the profile, so a test can never hang.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants as fsConstants, rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BidiConnection, DEFAULT_COMMAND_TIMEOUT_MS, deserialize, type RemoteValue } from './bidi';

export const FIREFOX_BINARY = '/usr/bin/firefox-esr';
export const LAUNCH_TIMEOUT_MS = 30_000;
export const COMMAND_TIMEOUT_MS = DEFAULT_COMMAND_TIMEOUT_MS;

export type PrefValue = string | number | boolean;

export interface LaunchOptions {
  /** Directory of the unpacked add-on (the one holding manifest.json). */
  extensionPath: string;
  /** `browser_specific_settings.gecko.id` of that add-on. */
  geckoId: string;
  /** Extra prefs, written to user.js after (so overriding) the defaults below. */
  prefs?: Record<string, PrefValue>;
  /** Defaults to $FIREFOX_BIN or /usr/bin/firefox-esr. */
  binary?: string;
}

export interface EvaluateOptions {
  /**
   * BiDi `userActivation`: run the expression as if the user had just
   * interacted with the page. Default false, so that tests which need user
   * activation must earn it with a real `click`.
   */
  userActivation?: boolean;
  timeoutMs?: number;
}

export interface FirefoxTab {
  /** BiDi browsing context id. */
  context: string;
  navigate(url: string): Promise<void>;
  /** `script.evaluate` with awaitPromise; returns the deserialized value, throws with the page's exception text. */
  evaluate<T = unknown>(expression: string, opts?: EvaluateOptions): Promise<T>;
  /** Polls `expression` until it is truthy; bounded (default 10 s). */
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  /** A real mouse click (input.performActions) at the centre of the first element matching `selector`. */
  click(selector: string): Promise<void>;
  /** Focuses the element and types `text` as real key presses; `replace` selects its text first. */
  type(selector: string, text: string, options?: { replace?: boolean }): Promise<void>;
  /** Writes a PNG of the viewport to `file`. */
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

export interface FirefoxSession {
  /** 'moz-extension://<uuid>' (no trailing slash). */
  extensionOrigin: string;
  /** The id `webExtension.install` returned (the gecko id). */
  extensionId: string;
  /** Firefox's main process id (also its process group id). */
  pid: number;
  /** The throwaway profile; removed by close(). */
  profileDir: string;
  /** Milliseconds: process start → BiDi session ready, and the add-on install. */
  timings: { launchMs: number; installMs: number };
  /** Opens `url` in a new tab and waits for its load event. */
  open(url: string): Promise<FirefoxTab>;
  /** The underlying connection, for commands this wrapper lacks. */
  bidi: BidiConnection;
  /** Ends the session, kills Firefox, removes the profile dir. Always safe to call, more than once too. */
  close(): Promise<void>;
}

/**
 * Prefs that keep Firefox off the network (the machine has none: every attempt
 * must fail at once rather than hang) and out of first-run UI.
 */
export const OFFLINE_PREFS: Record<string, PrefValue> = {
  // Updates (app, add-ons, system add-ons, search engines, GMP plugins)
  'app.update.disabledForTesting': true,
  'app.update.auto': false,
  'app.update.checkInstallTime': false,
  'extensions.update.enabled': false,
  'extensions.update.autoUpdateDefault': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.systemAddon.update.url': '',
  'extensions.getAddons.cache.enabled': false,
  'extensions.blocklist.enabled': false,
  'browser.search.update': false,
  'media.gmp-manager.url': '',
  'media.gmp-manager.updateEnabled': false,
  'media.gmp-gmpopenh264.enabled': false,
  'media.gmp-widevinecdm.enabled': false,
  // Telemetry, studies, data reporting, crash reports
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.server': 'http://127.0.0.1:9/',
  'toolkit.telemetry.shutdownPingSender.enabled': false,
  'toolkit.telemetry.firstShutdownPing.enabled': false,
  'toolkit.telemetry.newProfilePing.enabled': false,
  'toolkit.telemetry.updatePing.enabled': false,
  'toolkit.telemetry.bhrPing.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.firstRunURL': '',
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'app.shield.optoutstudies.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.tabs.crashReporting.sendReport': false,
  'breakpad.reportURL': '',
  // Connectivity / captive portal / DNS-over-HTTPS / geo / region
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'captivedetect.canonicalURL': '',
  'network.trr.mode': 5,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.predictor.enabled': false,
  'network.http.speculative-parallel-limit': 0,
  'geo.provider.network.url': '',
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'security.certerrors.mitm.priming.enabled': false,
  'security.OCSP.enabled': 0,
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
  // Remote settings: a dummy server, as Marionette's own defaults do (honoured
  // only with MOZ_REMOTE_SETTINGS_DEVTOOLS=1 in the environment, see below)
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'messaging-system.rsexperimentloader.enabled': false,
  'nimbus.rsexperimentloader.enabled': false,
  // Safe browsing
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.passwords.enabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.google.updateURL': '',
  // New tab / activity stream / sponsored content
  'browser.newtabpage.enabled': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false,
  'browser.newtabpage.activity-stream.feeds.snippets': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  'browser.newtabpage.activity-stream.showSponsored': false,
  'browser.newtabpage.activity-stream.showSponsoredTopSites': false,
  'browser.topsites.contile.enabled': false,
  'browser.urlbar.suggest.quicksuggest.sponsored': false,
  'browser.urlbar.quicksuggest.enabled': false,
  'browser.discovery.enabled': false,
  'extensions.htmlaboutaddons.recommendations.enabled': false,
  'extensions.getAddons.showPane': false,
  'identity.fxaccounts.enabled': false,
  // First run / startup / quit
  'browser.startup.page': 0,
  'browser.startup.homepage': 'about:blank',
  'browser.startup.homepage_override.mstone': 'ignore',
  'startup.homepage_welcome_url': '',
  'startup.homepage_welcome_url.additional': '',
  'startup.homepage_override_url': '',
  'browser.aboutwelcome.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.uitour.enabled': false,
  'browser.sessionstore.resume_from_crash': false,
  'toolkit.startup.max_resumed_crashes': -1,
  'browser.tabs.warnOnClose': false,
  'browser.warnOnQuit': false,
  'dom.disable_open_during_load': false,
  // Add-ons: allow the temporary install, no scopes scanning
  'extensions.autoDisableScopes': 0,
  'extensions.enabledScopes': 5,
  'extensions.installDistroAddons': false,
  'xpinstall.signatures.required': false,
};

function prefLine(name: string, value: PrefValue): string {
  return `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`;
}

function resolveBinary(explicit?: string): string {
  const bin = explicit ?? process.env.FIREFOX_BIN ?? FIREFOX_BINARY;
  try {
    accessSync(bin, fsConstants.X_OK);
  } catch {
    throw new Error(`firefox-esr not found: apt-get install -y firefox-esr (looked for ${bin})`);
  }
  return bin;
}

// Firefox processes still alive when Node exits (a crashed test run) are killed.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
/**
 * Signals Firefox's whole process group (it is spawned detached, so it leads
 * its own group and the content processes share it). Safe after the main
 * process exited: then only leftover content processes, if any, are hit.
 */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // no such process group any more
  }
}

/** Pids of Firefox processes launched here that have not exited yet (for leak checks). */
export function runningFirefoxPids(): number[] {
  return [...live].filter((c) => c.exitCode === null && c.signalCode === null).map((c) => c.pid ?? -1);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) killGroup(child, 'SIGKILL');
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Keeps draining Firefox's stdout/stderr (an unread pipe would fill up and block
 * it) and keeps the last few KB for error messages.
 */
function captureOutput(child: ChildProcess): { tail(): string; onText(fn: (all: string) => void): () => void } {
  let text = '';
  const listeners = new Set<(all: string) => void>();
  const onData = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-8_000);
    for (const fn of listeners) fn(text);
  };
  child.stderr?.on('data', onData);
  child.stdout?.on('data', onData);
  return {
    tail: () => text.split('\n').slice(-15).join('\n').trim(),
    onText(fn) {
      listeners.add(fn);
      queueMicrotask(() => listeners.has(fn) && fn(text)); // whatever came before subscribing
      return () => listeners.delete(fn);
    },
  };
}

/** Waits for the "WebDriver BiDi listening on ws://…" line; rejects if Firefox exits first. */
function waitForWsUrl(child: ChildProcess, output: ReturnType<typeof captureOutput>, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(new Error(`firefox-esr exited before WebDriver BiDi was ready (code ${code}, signal ${signal})`));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new Error(`firefox-esr failed to start: ${err.message}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`firefox-esr did not open WebDriver BiDi within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = output.onText((all) => {
      const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(all);
      if (m?.[1]) {
        cleanup();
        resolve(m[1].replace(/\/+$/, ''));
      }
    });
    function cleanup() {
      clearTimeout(timer);
      stop();
      child.off('exit', onExit);
      child.off('error', onError);
    }
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

export async function launchFirefox(opts: LaunchOptions): Promise<FirefoxSession> {
  const binary = resolveBinary(opts.binary);
  const started = Date.now();
  const deadline = started + LAUNCH_TIMEOUT_MS;
  const remaining = () => Math.max(1, deadline - Date.now());

  const uuid = randomUUID();
  const extensionOrigin = `moz-extension://${uuid}`;
  const profileDir = await mkdtemp(join(tmpdir(), 'keydeck-ff-'));
  const prefs: Record<string, PrefValue> = {
    ...OFFLINE_PREFS,
    'extensions.webextensions.uuids': JSON.stringify({ [opts.geckoId]: uuid }),
    ...opts.prefs,
  };
  try {
    await writeFile(
      join(profileDir, 'user.js'),
      Object.entries(prefs)
        .map(([k, v]) => prefLine(k, v))
        .join('\n') + '\n',
    );
  } catch (err) {
    rmSync(profileDir, { recursive: true, force: true });
    throw err;
  }

  const child = spawn(
    binary,
    [
      '--headless',
      '--no-remote',
      '--remote-debugging-port=0',
      '--remote-allow-system-access',
      '--profile',
      profileDir,
      'about:blank',
    ],
    {
      detached: true, // own process group, so close() can take the content processes down too
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        MOZ_CRASHREPORTER_DISABLE: '1',
        MOZ_CRASHREPORTER_SHUTDOWN: '1',
        MOZ_HEADLESS: '1',
        MOZ_DISABLE_AUTO_SAFE_MODE: '1',
        // Release builds ignore `services.settings.server` unless this is set;
        // without it Remote Settings (Nimbus, blocklists…) resolves
        // firefox.settings.services.mozilla.com on every start.
        MOZ_REMOTE_SETTINGS_DEVTOOLS: '1',
      },
    },
  );
  live.add(child);
  installExitHook();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.once('exit', () => live.delete(child));
  const output = captureOutput(child);

  let bidi: BidiConnection | null = null;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    if (bidi?.isOpen) {
      // Ask nicely first; never wait long for it.
      await bidi.send('browser.close', {}, 3_000).catch(() => undefined);
      bidi.close();
    }
    if (child.exitCode === null && child.signalCode === null) {
      await Promise.race([exited, sleep(3_000)]);
      killGroup(child, 'SIGTERM');
      await Promise.race([exited, sleep(2_000)]);
      killGroup(child, 'SIGKILL');
      await Promise.race([exited, sleep(2_000)]);
    }
    killGroup(child, 'SIGKILL'); // no content process may outlive the main one
    child.stderr?.destroy();
    child.stdout?.destroy();
    live.delete(child);
    for (let i = 0; i < 5; i++) {
      try {
        rmSync(profileDir, { recursive: true, force: true });
        break;
      } catch {
        await sleep(200);
      }
    }
  };

  let installMs = 0;
  let extensionId = '';
  let launchMs = 0;
  try {
    const wsUrl = await waitForWsUrl(child, output, remaining());
    bidi = await BidiConnection.connect(`${wsUrl}/session`, Math.min(remaining(), COMMAND_TIMEOUT_MS));
    const conn = bidi;
    await conn.send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } }, Math.min(remaining(), COMMAND_TIMEOUT_MS));
    launchMs = Date.now() - started;

    const t0 = Date.now();
    const installed = await conn.send<{ extension: string }>(
      'webExtension.install',
      { extensionData: { type: 'path', path: resolve(opts.extensionPath) } },
      Math.min(remaining(), COMMAND_TIMEOUT_MS),
    );
    installMs = Date.now() - t0;
    extensionId = installed.extension;
    if (extensionId !== opts.geckoId) {
      throw new Error(
        `installed add-on id ${extensionId} differs from geckoId ${opts.geckoId}: its moz-extension:// host would not be the pinned one`,
      );
    }
  } catch (err) {
    await close();
    const tail = output.tail();
    const e = err instanceof Error ? err : new Error(String(err));
    e.message += tail ? `\n--- firefox-esr output (last lines) ---\n${tail}` : '';
    throw e;
  }

  const conn = bidi;
  const session: FirefoxSession = {
    extensionOrigin,
    extensionId,
    pid: child.pid ?? -1,
    profileDir,
    timings: { launchMs, installMs },
    bidi: conn,
    close,
    async open(url: string): Promise<FirefoxTab> {
      const { context } = await conn.send<{ context: string }>('browsingContext.create', { type: 'tab' });
      const tab = makeTab(conn, context);
      await tab.navigate(url);
      return tab;
    },
  };
  return session;
}

function makeTab(conn: BidiConnection, context: string): FirefoxTab {
  async function evaluateRaw(expression: string, opts: EvaluateOptions = {}): Promise<RemoteValue> {
    const res = await conn.send<{
      type: 'success' | 'exception';
      result?: RemoteValue;
      exceptionDetails?: { text?: string; exception?: RemoteValue };
    }>(
      'script.evaluate',
      {
        expression,
        target: { context },
        awaitPromise: true,
        resultOwnership: 'none',
        userActivation: opts.userActivation ?? false,
      },
      opts.timeoutMs ?? COMMAND_TIMEOUT_MS,
    );
    if (res.type === 'exception') {
      const text = res.exceptionDetails?.text ?? 'unknown exception';
      throw new Error(`evaluate threw: ${text}\n  expression: ${abbreviate(expression)}`);
    }
    return res.result ?? { type: 'undefined' };
  }

  /** Scrolls the element into view and returns its shared id; throws if nothing matches. */
  async function element(selector: string): Promise<string> {
    const rv = await evaluateRaw(
      `(() => { const el = document.querySelector(${JSON.stringify(selector)});
        if (el) el.scrollIntoView({ block: 'center', inline: 'center' });
        return el; })()`,
    );
    if (rv.type !== 'node' || !rv.sharedId) throw new Error(`no element matches selector ${JSON.stringify(selector)}`);
    return rv.sharedId;
  }

  const tab: FirefoxTab = {
    context,

    async navigate(url: string): Promise<void> {
      await conn.send('browsingContext.navigate', { context, url, wait: 'complete' });
    },

    async evaluate<T>(expression: string, opts?: EvaluateOptions): Promise<T> {
      return deserialize(await evaluateRaw(expression, opts)) as T;
    },

    async waitFor(expression: string, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      let lastError = '';
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        try {
          const v = await tab.evaluate<unknown>(expression, { timeoutMs: Math.max(500, Math.min(left, COMMAND_TIMEOUT_MS)) });
          if (v) return;
          lastError = '';
        } catch (err) {
          lastError = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        }
        await sleep(Math.min(100, Math.max(0, deadline - Date.now())));
      }
      throw new Error(
        `waitFor timed out after ${timeoutMs} ms: ${abbreviate(expression)}` + (lastError ? ` (last error: ${lastError})` : ''),
      );
    },

    async click(selector: string): Promise<void> {
      const sharedId = await element(selector);
      // pointerMove with an element origin and x=y=0 lands on the element's in-view centre point.
      await conn.send('input.performActions', {
        context,
        actions: [
          {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element: { sharedId } } },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          },
        ],
      });
      await conn.send('input.releaseActions', { context });
    },

    async type(selector: string, text: string, { replace = false } = {}): Promise<void> {
      await element(selector);
      // replace: select what the field holds, as a person would, so the keys typed replace it.
      const focused = await tab.evaluate<boolean>(
        `(() => { const el = document.querySelector(${JSON.stringify(selector)});
          el.focus();
          if (${replace} && typeof el.select === 'function') el.select();
          else if (typeof el.value === 'string' && typeof el.setSelectionRange === 'function') {
            try { el.setSelectionRange(el.value.length, el.value.length); } catch {}
          }
          return document.activeElement === el; })()`,
      );
      if (!focused) throw new Error(`type: element ${JSON.stringify(selector)} did not take focus`);
      const keys: Array<{ type: 'keyDown' | 'keyUp'; value: string }> = [];
      for (const ch of Array.from(text)) {
        const value = ch === '\n' ? '\uE007' /* Enter */ : ch === '\t' ? '\uE004' /* Tab */ : ch;
        keys.push({ type: 'keyDown', value }, { type: 'keyUp', value });
      }
      if (keys.length === 0) return;
      await conn.send('input.performActions', { context, actions: [{ type: 'key', id: 'keyboard', actions: keys }] });
      await conn.send('input.releaseActions', { context });
    },

    async screenshot(file: string): Promise<void> {
      const { data } = await conn.send<{ data: string }>('browsingContext.captureScreenshot', { context });
      await writeFile(file, Buffer.from(data, 'base64'));
    },

    async close(): Promise<void> {
      await conn.send('browsingContext.close', { context });
    },
  };
  return tab;
}

function abbreviate(s: string, max = 160): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}
