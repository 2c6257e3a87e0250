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

/**
 * Launches `browser` with KeyDeck's test build before the describe block's tests and closes it
 * after; the returned getter gives the running driver.
 */
export function useDriver(browser: BrowserName, options?: DriverOptions): () => Driver {
  let driver: Driver | undefined;
  beforeAll(async () => {
    driver = await launchDriver(browser, options);
  });
  afterAll(async () => {
    await driver?.close();
  });
  return () => {
    if (!driver) throw new Error(`${browser} did not start`);
    return driver;
  };
}
