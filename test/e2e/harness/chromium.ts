import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROME_TEST_BUILD = resolve('dist-test/chrome');

export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  /** The throwaway profile; removed by close(). */
  profileDir: string;
  /** The extension's service worker as it runs now (a new one after a stop). */
  readonly worker: Worker;
  pageUrl(path: string): string;
  /** Stops the extension's service worker, as Chrome does to an idle one; resolves once it is stopped. */
  stopWorker(page: Page): Promise<void>;
  close(): Promise<void>;
}

/**
 * Real Debian Chromium, headless, with the test build of the extension loaded unpacked
 * (flags from shared/TOOLCHAIN.md: without the networking ones Chromium keeps dialling out).
 */
export async function launchChromium(
  extensionPath = CHROME_TEST_BUILD,
  { headless = true, extraArgs = [] as string[], lang = undefined as string | undefined } = {},
): Promise<ChromiumSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  if (!existsSync(join(extensionPath, 'manifest.json')))
    throw new Error(`${extensionPath} has no manifest.json: run npm run build:test first`);
  const profile = mkdtempSync(join(tmpdir(), 'keydeck-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    timeout: 30_000,
    // The UI language (chrome.i18n, _locales): --lang, and on Linux Chromium reads LANGUAGE too.
    ...(lang ? { locale: lang, env: { ...process.env, LANGUAGE: lang, LANG: `${lang}.UTF-8` } } : {}),
    args: [
      ...(lang ? [`--lang=${lang}`] : []),
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
  try {
    const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const extensionId = new URL(first.url()).host;
    return {
      context,
      extensionId,
      profileDir: profile,
      get worker() {
        return context.serviceWorkers()[0] ?? first;
      },
      pageUrl: (path) => `chrome-extension://${extensionId}/${path}`,
      stopWorker: (page) => stopServiceWorker(context, page),
      close: async () => {
        await context.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/**
 * CDP's ServiceWorker.stopWorker on the extension's worker (stopAllWorkers leaves extension workers
 * running). `page` must be an extension page, whose origin the worker belongs to.
 */
async function stopServiceWorker(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  try {
    const status = new Map<string, string>();
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) status.set(v.versionId, v.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
    const until = async (wanted: string) => {
      for (let i = 0; i < 100; i++) {
        const id = [...status].find(([, s]) => s === wanted)?.[0];
        if (id !== undefined) return id;
        await new Promise((done) => setTimeout(done, 50));
      }
      throw new Error(`the service worker never reported "${wanted}"`);
    };
    await cdp.send('ServiceWorker.stopWorker', { versionId: await until('running') });
    await until('stopped');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
