// Starts headless Debian `firefox-esr` with a fresh profile, opens a WebDriver BiDi session
// (our own client in ../bidi.ts: Playwright's Firefox mode does not work with ESR 153 and
// geckodriver is not available) and installs the unpacked add-on as a temporary add-on.
//
//   firefox-esr --headless --no-remote --remote-debugging-port=0
//               --remote-allow-system-access --profile <fresh dir>
//
// prints "WebDriver BiDi listening on ws://127.0.0.1:PORT" on stderr. Without
// `--remote-allow-system-access` navigating to moz-extension:// is refused. The add-on's
// moz-extension:// host is pinned in advance through the pref `extensions.webextensions.uuids`.
// Every wait is bounded (the launch steps share one deadline, each later command ≤ 15 s: on a loaded
// 2-core machine Firefox's first `session.new` alone was seen taking over 15 s) and a failed launch kills the
// process and removes the profile, so a test can never hang.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BidiConnection, DEFAULT_COMMAND_TIMEOUT_MS } from '../bidi';
import { OFFLINE_PREFS, writePrefs, type PrefValue } from './prefs';
import { resolveBinary, sleep, spawnFirefox, waitForWsUrl } from './process';
import { makeTab, type FirefoxTab } from './tab';

export const LAUNCH_TIMEOUT_MS = 60_000;
const COMMAND_TIMEOUT_MS = DEFAULT_COMMAND_TIMEOUT_MS;

export interface LaunchOptions {
  /** Directory of the unpacked add-on (the one holding manifest.json). */
  extensionPath: string;
  /** `browser_specific_settings.gecko.id` of that add-on. */
  geckoId: string;
  /** Extra prefs, written to user.js after (so overriding) the defaults. */
  prefs?: Record<string, PrefValue>;
  /** Defaults to $FIREFOX_BIN or /usr/bin/firefox-esr. */
  binary?: string;
  /**
   * WebDriver's `acceptInsecureCerts`: Firefox then accepts every certificate, which no user's browser
   * does. Off by default, so an https test sees the browser's real checks (and a real exception).
   */
  acceptInsecureCerts?: boolean;
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

export async function launchFirefox(opts: LaunchOptions): Promise<FirefoxSession> {
  const binary = resolveBinary(opts.binary);
  const started = Date.now();
  const deadline = started + LAUNCH_TIMEOUT_MS;
  const bounded = () => Math.max(1, deadline - Date.now());

  const uuid = randomUUID();
  const profileDir = await mkdtemp(join(tmpdir(), 'keydeck-ff-'));
  try {
    await writePrefs(profileDir, {
      ...OFFLINE_PREFS,
      'extensions.webextensions.uuids': JSON.stringify({ [opts.geckoId]: uuid }),
      ...opts.prefs,
    });
  } catch (err) {
    rmSync(profileDir, { recursive: true, force: true });
    throw err;
  }

  const firefox = spawnFirefox(binary, profileDir);
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
    await firefox.stop();
    for (let i = 0; i < 5; i++) {
      try {
        rmSync(profileDir, { recursive: true, force: true });
        break;
      } catch {
        await sleep(200);
      }
    }
  };

  let launchMs = 0;
  let installMs = 0;
  try {
    const wsUrl = await waitForWsUrl(firefox.child, firefox.output, Math.max(1, deadline - Date.now()));
    bidi = await BidiConnection.connect(`${wsUrl}/session`, bounded());
    await bidi.send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: opts.acceptInsecureCerts ?? false } } }, bounded());
    launchMs = Date.now() - started;
    const t0 = Date.now();
    await installAddon(bidi, opts, bounded());
    installMs = Date.now() - t0;
  } catch (err) {
    await close();
    const tail = firefox.output.tail();
    const e = err instanceof Error ? err : new Error(String(err));
    e.message += tail ? `\n--- firefox-esr output (last lines) ---\n${tail}` : '';
    throw e;
  }

  const conn = bidi;
  return {
    extensionOrigin: `moz-extension://${uuid}`,
    extensionId: opts.geckoId,
    pid: firefox.child.pid ?? -1,
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
}

/** Installs the unpacked add-on; its id must be the one whose moz-extension:// host was pinned. */
async function installAddon(conn: BidiConnection, opts: LaunchOptions, timeoutMs: number): Promise<void> {
  const installed = await conn.send<{ extension: string }>(
    'webExtension.install',
    { extensionData: { type: 'path', path: resolve(opts.extensionPath) } },
    timeoutMs,
  );
  if (installed.extension !== opts.geckoId) {
    throw new Error(
      `installed add-on id ${installed.extension} differs from geckoId ${opts.geckoId}: its moz-extension:// host would not be the pinned one`,
    );
  }
}
