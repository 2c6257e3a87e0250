// The firefox-esr process: find it, start it detached, read its output, and take it down
// (its whole process group, so no content process outlives a test).
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';

export const FIREFOX_BINARY = '/usr/bin/firefox-esr';

export function resolveBinary(explicit?: string): string {
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

export function sleep(ms: number): Promise<void> {
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
export function waitForWsUrl(child: ChildProcess, output: ReturnType<typeof captureOutput>, timeoutMs: number): Promise<string> {
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

export interface FirefoxProcess {
  child: ChildProcess;
  output: ReturnType<typeof captureOutput>;
  /** Takes Firefox down: waits briefly for a clean exit, then SIGTERM, then SIGKILL to the group. */
  stop(): Promise<void>;
}

export function spawnFirefox(binary: string, profileDir: string): FirefoxProcess {
  const child = spawn(
    binary,
    ['--headless', '--no-remote', '--remote-debugging-port=0', '--remote-allow-system-access', '--profile', profileDir, 'about:blank'],
    {
      detached: true, // own process group, so stop() can take the content processes down too
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
  const stop = async () => {
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
  };
  return { child, output, stop };
}
