import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROME_TEST_BUILD = resolve('dist-test/chrome');

export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  pageUrl(path: string): string;
  close(): Promise<void>;
}

/**
 * Real Debian Chromium, headless, with the test build of the extension loaded unpacked
 * (flags from shared/TOOLCHAIN.md: without the networking ones Chromium keeps dialling out).
 */
export async function launchChromium(
  extensionPath = CHROME_TEST_BUILD,
  { headless = true } = {},
): Promise<ChromiumSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  if (!existsSync(join(extensionPath, 'manifest.json')))
    throw new Error(`${extensionPath} has no manifest.json: run npm run build:test first`);
  const profile = mkdtempSync(join(tmpdir(), 'keydeck-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    timeout: 30_000,
    args: [
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const extensionId = new URL(worker.url()).host;
    return {
      context,
      extensionId,
      worker,
      pageUrl: (path) => `chrome-extension://${extensionId}/${path}`,
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
