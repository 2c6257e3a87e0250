// One small driver for both browsers: the page objects and scenarios are written once against
// these interfaces; playwright.ts implements them over playwright-core (Chromium), bidi.ts over our
// WebDriver BiDi client (Firefox ESR).
export type BrowserName = 'chromium' | 'firefox';
export type TextMatch = string | RegExp;

/**
 * How a person finds an element: by role and accessible name, by label, by text; `testId` for
 * the masked key; `css` only for third-party pages we do not own (OctoPrint's PNotify, login).
 * Strings match case-insensitively as substrings unless `exact` (Playwright's semantics).
 */
export type By =
  | { role: string; name?: TextMatch; exact?: boolean; level?: number }
  | { label: string; exact?: boolean }
  | { text: TextMatch; exact?: boolean }
  | { testId: string }
  | { css: string; hasText?: string[] };

/** One step, or a path of steps each searched inside the elements the previous one found. */
export type Target = By | readonly By[];

export const steps = (target: Target): readonly By[] => (Array.isArray(target) ? target : [target as By]);
export const within = (scope: Target, ...more: By[]): By[] => [...steps(scope), ...more];

/** A function evaluated in the page; it must be self-contained (it is sent as source). */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

export interface Tab {
  /** Real click on the one element `target` finds (waits for it; more than one is an error). */
  click(target: Target): Promise<void>;
  /** Replaces a field's value, typed as the user would. */
  fill(target: Target, value: string): Promise<void>;
  /** Real key presses into whatever has focus now ('\n' is Enter, '\t' Tab): what the user types without clicking first. */
  press(keys: string): Promise<void>;
  select(target: Target, option: { label: string } | { index: number }): Promise<void>;
  /** Chooses files in a file input, as the user would in the picker (absolute paths). */
  setFiles(target: Target, paths: string[]): Promise<void>;
  value(target: Target): Promise<string>;
  text(target: Target): Promise<string>;
  /** How many elements `target` finds now (no waiting). */
  count(target: Target): Promise<number>;
  /** Waits until `target` finds at least one visible element. */
  waitFor(target: Target, timeoutMs?: number): Promise<void>;
  evaluate<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R>;
  url(): Promise<string>;
  /** Navigates; resolves when loaded (or when the navigation failed, as hostile pages may make it). */
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  bringToFront(): Promise<void>;
  /** Resolves when the tab is closed (by the extension, say); bounded. */
  waitForClose(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface Driver {
  readonly browser: BrowserName;
  /** The browser's (throwaway) profile directory: everything it keeps on disk. */
  readonly profileDir: string;
  /** The popup's page, opened in a tab of its own; with `for`, that tab is the one it is about. */
  openPopup(options?: { for?: Tab }): Promise<Tab>;
  openTab(url: string): Promise<Tab>;
  /** Runs `action` and returns the tab it made the browser open, once loaded. */
  tabOpenedBy(action: () => Promise<unknown>): Promise<Tab>;
  /** Evaluates in an extension page of KeyDeck (its `chrome.*` API, an allowed message sender). */
  extension<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R>;
  /** Runs `action` in `tab` and returns the file it made the browser download (its name and text). */
  downloadBy(tab: Tab, action: () => Promise<unknown>): Promise<{ name: string; text: string }>;
  /** What another app would paste. */
  readClipboard(): Promise<string>;
  /** What another app copying would leave on the clipboard. */
  writeClipboard(text: string): Promise<void>;
  /** Stops the background as the browser does when idle; resolves once it is stopped. */
  stopBackground(): Promise<void>;
  close(): Promise<void>;
}

export interface DriverOptions {
  /** Host names that must not resolve (CoCalc's https://authenticated hand-over). */
  unresolvableHosts?: string[];
  /**
   * Host names that resolve to 127.0.0.1: a site of its own, to which the test build has no host
   * access (the browser hides its address from KeyDeck), served by a simulator on loopback.
   */
  loopbackHosts?: string[];
}

export const POPUP_PATH = 'src/popup/index.html';
/** Every wait is bounded by this unless a call says otherwise. */
export const WAIT_MS = 15_000;

/**
 * A browser call that has no timeout of its own (an evaluation, closing or focusing a tab), bounded:
 * a call that hangs fails at once with what hung, instead of the whole test timing out unexplained.
 */
export function bounded<T>(what: string, call: Promise<T>, ms = 2 * WAIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}
