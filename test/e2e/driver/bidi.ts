// The Driver over WebDriver BiDi: KeyDeck's Firefox build in headless Firefox ESR.
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GECKO_ID } from '../../../scripts/manifest-for';
import { launchFirefox, terminateBackground, type FirefoxSession } from '../harness/firefox';
import { sleep } from '../harness/firefox/process';
import { makeTab } from '../harness/firefox/tab';
import { BidiTab } from './bidi-tab';
import { POPUP_PATH, WAIT_MS, type Driver, type DriverOptions, type PageFunction, type Tab } from './types';

export const FIREFOX_TEST_BUILD = resolve('dist-test/firefox');

type Tree = { contexts: Array<{ context: string; url: string }> };

export async function launchFirefoxDriver(options: DriverOptions = {}): Promise<Driver> {
  const downloads = await mkdtemp(join(tmpdir(), 'keydeck-ff-downloads-'));
  const hosts = [...(options.unresolvableHosts ?? []), ...(options.loopbackHosts ?? [])];
  const firefox = await launchFirefox({
    extensionPath: FIREFOX_TEST_BUILD,
    geckoId: GECKO_ID,
    prefs: {
      // Headless Firefox cannot answer a permission doorhanger: grant optional permissions silently.
      'extensions.webextOptionalPermissionPrompts': false,
      // Names that must not resolve are pinned to loopback: nothing looks them up, nothing answers
      // (no server listens on their port); loopback names are the same pin, where a server does.
      // Downloads go straight to a folder of the test's, with no dialog and no panel.
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
      ...(hosts.length ? { 'network.dns.localDomains': hosts.join(',') } : {}),
    },
  });
  try {
    return await FirefoxDriver.start(firefox, downloads);
  } catch (error) {
    await firefox.close();
    rmSync(downloads, { recursive: true, force: true });
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
    /** Where Firefox saves downloads (prefs above); removed on close. */
    private readonly downloads: string,
  ) {}

  static async start(firefox: FirefoxSession, downloads: string): Promise<FirefoxDriver> {
    const { contexts } = await firefox.bidi.send<Tree>('browsingContext.getTree', { maxDepth: 0 });
    const home = new BidiTab(firefox.bidi, makeTab(firefox.bidi, contexts[0]!.context));
    const driver = new FirefoxDriver(firefox, home, downloads);
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
    let seen: string[] = [];
    while (Date.now() < deadline) {
      const now = await this.topLevel();
      seen = now.map((c) => c.url);
      const opened = now.find((c) => !before.has(c.context) && c.url !== 'about:blank');
      if (opened) {
        const tab = new BidiTab(this.firefox.bidi, makeTab(this.firefox.bidi, opened.context));
        const loaded = await tab.evaluate(() => document.readyState === 'complete').catch(() => false);
        if (loaded) return tab;
      }
      await sleep(50);
    }
    throw new Error(`no tab was opened within ${WAIT_MS} ms (tabs: ${seen.join(', ')})`);
  }

  extension<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
    return this.home.evaluate(fn, arg);
  }

  /** The new file in the downloads folder, once Firefox has finished writing it (no `.part` left). */
  async downloadBy(_tab: Tab, action: () => Promise<unknown>): Promise<{ name: string; text: string }> {
    const before = new Set(await readdir(this.downloads));
    await action();
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const now = await readdir(this.downloads);
      const added = now.filter((name) => !before.has(name));
      const done = added.filter((name) => !name.endsWith('.part'));
      if (done.length === 1 && !now.some((name) => name.endsWith('.part'))) {
        const [name] = done as [string];
        return { name, text: await readFile(join(this.downloads, name), 'utf8') };
      }
      await sleep(50);
    }
    throw new Error(`no download finished within ${WAIT_MS} ms`);
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

  async close(): Promise<void> {
    await this.firefox.close();
    rmSync(this.downloads, { recursive: true, force: true });
  }
}
