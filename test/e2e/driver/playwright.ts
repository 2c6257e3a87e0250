// The Driver over playwright-core: KeyDeck's Chrome build in headless Debian Chromium.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../harness/chromium';
import { bounded, POPUP_PATH, steps, WAIT_MS, type Driver, type DriverOptions, type PageFunction, type Tab, type Target } from './types';

class PlaywrightTab implements Tab {
  constructor(readonly page: Page) {}

  locator(target: Target): Locator {
    let loc: Page | Locator = this.page;
    for (const step of steps(target)) {
      if ('role' in step) loc = loc.getByRole(step.role as never, { name: step.name, exact: step.exact, level: step.level });
      else if ('label' in step) loc = loc.getByLabel(step.label, { exact: step.exact });
      else if ('text' in step) loc = loc.getByText(step.text, { exact: step.exact });
      else if ('testId' in step) loc = loc.getByTestId(step.testId);
      else {
        loc = loc.locator(step.css);
        for (const hasText of step.hasText ?? []) loc = loc.filter({ hasText });
      }
    }
    return loc as Locator;
  }

  click = (t: Target) => this.locator(t).click();
  fill = (t: Target, value: string) => this.locator(t).fill(value);
  press = async (keys: string) => {
    // Text is typed; '\n' and '\t' are the Enter and Tab keys (keyboard.type would insert them as text).
    for (const part of keys.split(/([\n\t])/)) {
      if (part === '\n' || part === '\t') await this.page.keyboard.press(part === '\n' ? 'Enter' : 'Tab');
      else if (part) await this.page.keyboard.type(part);
    }
  };
  setFiles = (t: Target, paths: string[]) => this.locator(t).setInputFiles(paths);
  select = async (t: Target, option: { label: string } | { index: number }) => void (await this.locator(t).selectOption(option));
  value = (t: Target) => this.locator(t).inputValue();
  text = async (t: Target) => (await this.locator(t).textContent()) ?? '';
  count = (t: Target) => this.locator(t).count();
  waitFor = (t: Target, timeout = WAIT_MS) => this.locator(t).first().waitFor({ timeout });
  evaluate = <R, A = undefined>(fn: PageFunction<A, R>, arg?: A) =>
    bounded(`evaluating in ${this.page.url()}`, this.page.evaluate(fn as never, arg) as Promise<R>);
  url = async () => this.page.url();
  goto = async (url: string) => {
    await this.page.goto(url).catch(() => undefined); // some pages navigate on, or fail by design
    await this.page.waitForLoadState('load').catch(() => undefined);
  };
  reload = async () => void (await this.page.reload());
  bringToFront = () => bounded(`bringing ${this.page.url()} to the front`, this.page.bringToFront());
  waitForClose = async (timeout = WAIT_MS) => {
    if (!this.page.isClosed()) await this.page.waitForEvent('close', { timeout });
  };
  close = () => bounded(`closing ${this.page.url()}`, this.page.close());
}

export async function launchChromiumDriver(options: DriverOptions = {}): Promise<Driver> {
  const rules = [
    ...(options.unresolvableHosts ?? []).map((h) => `MAP ${h} ~NOTFOUND`),
    ...(options.loopbackHosts ?? []).map((h) => `MAP ${h} 127.0.0.1`),
  ];
  const extraArgs = rules.length ? [`--host-resolver-rules=${rules.join(',')}`] : [];
  const chromium = await launchChromium(undefined, { extraArgs });
  // Chromium cannot grant clipboard access to a chrome-extension:// origin: a loopback page reads it.
  const blank = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>blank</title>'));
  try {
    await new Promise<void>((done) => blank.listen(0, '127.0.0.1', done));
    const blankUrl = `http://127.0.0.1:${(blank.address() as AddressInfo).port}/`;
    await chromium.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(blankUrl).origin });
    chromium.context.setDefaultTimeout(WAIT_MS);
    const home = new PlaywrightTab(chromium.context.pages()[0] ?? (await chromium.context.newPage()));
    await home.page.goto(chromium.pageUrl(POPUP_PATH));
    return new ChromiumDriver(chromium, home, blankUrl, () => new Promise((done) => blank.close(() => done())));
  } catch (error) {
    await chromium.close();
    blank.close();
    throw error;
  }
}

class ChromiumDriver implements Driver {
  readonly browser = 'chromium' as const;
  get profileDir(): string {
    return this.chromium.profileDir;
  }
  constructor(
    private readonly chromium: ChromiumSession,
    /** The first tab, turned into an extension page: where extension() runs. */
    private readonly home: PlaywrightTab,
    private readonly blankUrl: string,
    private readonly closeBlank: () => Promise<void>,
  ) {}

  async openTab(url: string): Promise<Tab> {
    const page = await this.chromium.context.newPage();
    await page.goto(url);
    return new PlaywrightTab(page);
  }

  async openPopup(options: { for?: Tab } = {}): Promise<Tab> {
    if (options.for) await options.for.bringToFront();
    const popup = (await this.openTab(this.chromium.pageUrl(POPUP_PATH))) as PlaywrightTab;
    await popup.waitFor({ role: 'heading', level: 1, name: 'KeyDeck' });
    return popup;
  }

  async tabOpenedBy(action: () => Promise<unknown>): Promise<Tab> {
    const [page] = await Promise.all([this.chromium.context.waitForEvent('page'), action()]);
    await page.waitForLoadState();
    return new PlaywrightTab(page);
  }

  extension<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
    return this.home.evaluate(fn, arg);
  }

  async downloadBy(tab: Tab, action: () => Promise<unknown>): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([(tab as PlaywrightTab).page.waitForEvent('download'), action()]);
    return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  }

  /** In a loopback page granted clipboard access, focused first, as a page must be to read. */
  private async inBlankPage<R, A>(fn: PageFunction<A, R>, arg: A): Promise<R> {
    const page = await this.chromium.context.newPage();
    try {
      await page.goto(this.blankUrl);
      await page.bringToFront();
      return (await page.evaluate(fn as never, arg)) as R;
    } finally {
      await page.close();
    }
  }

  readClipboard(): Promise<string> {
    return this.inBlankPage(() => navigator.clipboard.readText(), undefined);
  }

  writeClipboard(text: string): Promise<void> {
    return this.inBlankPage((t: string) => navigator.clipboard.writeText(t), text);
  }

  stopBackground(): Promise<void> {
    return this.chromium.stopWorker(this.home.page);
  }

  async close(): Promise<void> {
    await this.chromium.close();
    await this.closeBlank();
  }
}
