// The shared fixture: one launch and one close per file and browser, for every e2e scenario.
import { afterAll, beforeAll } from 'vitest';
import { launchFirefoxDriver } from './bidi';
import { launchChromiumDriver } from './playwright';
import type { BrowserName, Driver, DriverOptions } from './types';

export * from './types';

/** Every scenario runs in both: `describe.each(BROWSERS)('%s', (browser) => …)`. */
export const BROWSERS: BrowserName[] = ['chromium', 'firefox'];

export function launchDriver(browser: BrowserName, options?: DriverOptions): Promise<Driver> {
  return browser === 'chromium' ? launchChromiumDriver(options) : launchFirefoxDriver(options);
}

/** Starts something before the enclosing block's tests and closes it after; the getter gives it. */
export function useStarted<T extends { close(): Promise<unknown> }>(what: string, start: () => Promise<T>): () => T {
  let running: T | undefined;
  beforeAll(async () => {
    running = await start();
  });
  afterAll(async () => {
    await running?.close();
  });
  return () => {
    if (!running) throw new Error(`${what} did not start`);
    return running;
  };
}

/** KeyDeck's test build in `browser`, launched for the enclosing block's tests. */
export const useDriver = (browser: BrowserName, options?: DriverOptions): (() => Driver) =>
  useStarted(browser, () => launchDriver(browser, options));
