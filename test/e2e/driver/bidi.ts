// The Driver over WebDriver BiDi: KeyDeck's Firefox build in headless Firefox ESR.
import { resolve } from 'node:path';
import { GECKO_ID } from '../../../scripts/manifest-for';
import { launchFirefox, terminateBackground, type FirefoxSession } from '../harness/firefox';
import { sleep } from '../harness/firefox/process';
import { makeTab } from '../harness/firefox/tab';
import { BidiTab } from './bidi-tab';
import { POPUP_PATH, WAIT_MS, type Driver, type DriverOptions, type PageFunction, type Tab } from './types';

export const FIREFOX_TEST_BUILD = resolve('dist-test/firefox');

type Tree = { contexts: Array<{ context: string; url: string }> };

export async function launchFirefoxDriver(options: DriverOptions = {}): Promise<Driver> {
  const firefox = await launchFirefox({
    extensionPath: FIREFOX_TEST_BUILD,
    geckoId: GECKO_ID,
    prefs: {
      // Headless Firefox cannot answer a permission doorhanger: grant optional permissions silently.
      'extensions.webextOptionalPermissionPrompts': false,
      // Names that must not resolve are pinned to loopback: nothing looks them up, nothing answers.
      ...(options.unresolvableHosts?.length ? { 'network.dns.localDomains': options.unresolvableHosts.join(',') } : {}),
    },
  });
  try {
    return await FirefoxDriver.start(firefox);
  } catch (error) {
    await firefox.close();
    throw error;
  }
}

class FirefoxDriver implements Driver {
  readonly browser = 'firefox' as const;
  get profileDir(): string {
    return this.firefox.profileDir;
  }
  private constructor(
    private readonly firefox: FirefoxSession,
    /** The first tab, turned into an extension page: where extension() and the clipboard run. */
    private readonly home: BidiTab,
  ) {}

  static async start(firefox: FirefoxSession): Promise<FirefoxDriver> {
    const { contexts } = await firefox.bidi.send<Tree>('browsingContext.getTree', { maxDepth: 0 });
    const home = new BidiTab(firefox.bidi, makeTab(firefox.bidi, contexts[0]!.context));
    const driver = new FirefoxDriver(firefox, home);
    await home.goto(driver.popupUrl);
    await home.waitFor({ role: 'heading', level: 1, name: 'KeyDeck' });
    return driver;
  }

  private get popupUrl(): string {
    return `${this.firefox.extensionOrigin}/${POPUP_PATH}`;
  }

  private async topLevel(): Promise<Tree['contexts']> {
    return (await this.firefox.bidi.send<Tree>('browsingContext.getTree', { maxDepth: 0 })).contexts;
  }

  async openTab(url: string): Promise<Tab> {
    return new BidiTab(this.firefox.bidi, await this.firefox.open(url));
  }

  async openPopup(options: { for?: Tab } = {}): Promise<Tab> {
    if (options.for) await options.for.bringToFront();
    const popup = await this.openTab(this.popupUrl);
    await popup.waitFor({ role: 'heading', level: 1, name: 'KeyDeck' });
    return popup;
  }

  async tabOpenedBy(action: () => Promise<unknown>): Promise<Tab> {
    const before = new Set((await this.topLevel()).map((c) => c.context));
    await action();
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const opened = (await this.topLevel()).find((c) => !before.has(c.context) && c.url !== 'about:blank');
      if (opened) {
        const tab = new BidiTab(this.firefox.bidi, makeTab(this.firefox.bidi, opened.context));
        const loaded = await tab.evaluate(() => document.readyState === 'complete').catch(() => false);
        if (loaded) return tab;
      }
      await sleep(50);
    }
    throw new Error(`no tab was opened within ${WAIT_MS} ms`);
  }

  extension<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
    return this.home.evaluate(fn, arg);
  }

  // The add-on holds clipboardRead/clipboardWrite: its own page reads and writes without a prompt.
  readClipboard(): Promise<string> {
    return this.home.evaluate(() => navigator.clipboard.readText());
  }

  async writeClipboard(text: string): Promise<void> {
    await this.home.evaluate((t) => navigator.clipboard.writeText(t), text);
  }

  stopBackground(): Promise<void> {
    return terminateBackground(this.firefox.bidi, this.firefox.extensionId);
  }

  close(): Promise<void> {
    return this.firefox.close();
  }
}
