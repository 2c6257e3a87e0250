// A Tab over WebDriver BiDi (Firefox ESR): elements found in the page by findInPage, then real
// clicks and key presses through input.performActions.
import type { BidiConnection } from '../harness/bidi';
import { sleep } from '../harness/firefox/process';
import type { FirefoxTab } from '../harness/firefox';
import { findInPage, toWire } from './find-in-page';
import { steps, type PageFunction, type Tab, type Target, WAIT_MS } from './types';

type Op = 'count' | 'visible' | 'click' | 'focus' | 'value' | 'text' | 'select';
type Node = { __bidiType: 'node'; sharedId: string };

/** Runs in the page: finds `target`'s elements and does `op` on the single one (or reports why not). */
function actInPage(find: typeof findInPage, clickable: (el: Element) => unknown, wire: unknown, op: Op, payload: unknown) {
  const found = find(wire as never);
  const shown = found.filter((el) => el.getClientRects().length > 0);
  if (op === 'count') return { ok: true, value: found.length };
  if (op === 'visible') return { ok: shown.length > 0, why: 'no visible element' };
  if (found.length !== 1) return { ok: false, why: `${found.length} elements`, fatal: found.length > 1 };
  const el = found[0] as HTMLInputElement & HTMLSelectElement;
  if (op === 'value') return { ok: true, value: el.value };
  if (op === 'text') return { ok: true, value: el.textContent ?? '' };
  if (shown.length !== 1) return { ok: false, why: 'not visible' };
  if (el.disabled) return { ok: false, why: 'disabled' };
  el.scrollIntoView({ block: 'center', inline: 'center' });
  if (op === 'click') return clickable(el);
  const fire = () => ['input', 'change'].forEach((type) => el.dispatchEvent(new Event(type, { bubbles: true })));
  if (op === 'select') {
    const want = payload as { label?: string; index?: number };
    const options = [...el.options];
    const index = want.index ?? options.findIndex((o) => o.label.trim() === want.label);
    if (index < 0 || index >= options.length) return { ok: false, why: `no option ${JSON.stringify(want)}` };
    el.selectedIndex = index;
    fire();
    return { ok: true };
  }
  // focus: empty the field (as selecting its text and deleting would), then the caller types.
  el.focus();
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value')?.set?.call(el, '');
  el.dispatchEvent(new Event('input', { bubbles: true }));
  return { ok: document.activeElement === el, why: 'did not take focus' };
}

/**
 * A click is sent to the element's centre: only once the element has stopped moving (the same box
 * over two frames) and nothing covers that point, as Playwright waits — else content arriving above
 * it (a panel's state loading) makes the click land on whatever moved there.
 */
function clickable(el: Element): Promise<{ ok: boolean; value?: Element; why?: string }> {
  const box = () => JSON.stringify(el.getBoundingClientRect());
  const before = box();
  const check = () => {
    if (box() !== before) return { ok: false, why: 'still moving' };
    const r = el.getBoundingClientRect();
    // Asked of the element's own root: inside a shadow root (Firefox's certificate error page) the
    // document answers with the shadow host.
    const root = el.getRootNode() as Document | ShadowRoot;
    const hit = root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit && el.contains(hit) ? { ok: true, value: el } : { ok: false, why: 'covered by another element' };
  };
  // A background tab draws no frames (its requestAnimationFrame waits until it is shown).
  if (document.visibilityState === 'hidden') return Promise.resolve(check());
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(check()))));
}

/**
 * Wraps a call of functions sent as source: a transpiler keeping function names (tsx, esbuild's
 * keepNames) wraps them in `__name(…)`, which the page lacks.
 */
const inPage = (call: string) => `((__name) => ${call})((f) => f)`;

export class BidiTab implements Tab {
  constructor(
    private readonly conn: BidiConnection,
    readonly raw: FirefoxTab,
  ) {}

  get context(): string {
    return this.raw.context;
  }

  private async act<T>(target: Target, op: Op, payload?: unknown, timeoutMs = WAIT_MS): Promise<T> {
    const expression = inPage(`(${actInPage})(${findInPage}, ${clickable}, ${JSON.stringify(toWire(steps(target)))}, '${op}', ${JSON.stringify(payload ?? null)})`);
    const deadline = Date.now() + timeoutMs;
    let why = '';
    for (;;) {
      type Result = { ok: boolean; value?: T; why?: string; fatal?: boolean };
      const res = await this.raw
        .evaluate<Result>(expression)
        .catch((e: Error): Result => ({ ok: false, why: e.message.split('\n')[0] })); // mid-navigation: try again
      if (res.ok) return res.value as T;
      why = res.why ?? '';
      if (res.fatal && op !== 'visible') throw new Error(`${op}: ${JSON.stringify(target)} is ambiguous (${why})`);
      if (op === 'count' || Date.now() > deadline) break;
      await sleep(50);
    }
    // What the page showed instead, so a failure in CI says where the page was (a panel not drawn, another state).
    const shown = await this.raw
      .evaluate<string>(`(document.body?.innerText ?? '').replace(/\\s+/g, ' ').slice(0, 400)`)
      .catch(() => '(unreadable)');
    throw new Error(`${op}: ${JSON.stringify(target)} not ready after ${timeoutMs} ms (${why}); the page shows: ${shown}`);
  }

  async click(target: Target): Promise<void> {
    // The element is scrolled into view, then clicked at its centre; if the page moved it out of the
    // viewport in between (content arriving above it), Firefox refuses the action before any input
    // reaches the page, so it is safe to find it and try again (Playwright waits for stability alike).
    for (let attempt = 1; ; attempt++) {
      const node = await this.act<Node>(target, 'click');
      try {
        return await this.raw.click({ sharedId: node.sharedId });
      } catch (error) {
        if (attempt >= 5 || !/out of bounds/.test(String(error))) throw error;
        await sleep(100);
      }
    }
  }
  async fill(target: Target, value: string): Promise<void> {
    await this.act(target, 'focus');
    await this.raw.pressKeys(value);
  }
  async press(keys: string): Promise<void> {
    await this.raw.pressKeys(keys);
  }
  async setFiles(target: Target, paths: string[]): Promise<void> {
    // 'click' finds the one visible, enabled element and hands back its node without clicking it.
    const node = await this.act<Node>(target, 'click');
    await this.conn.send('input.setFiles', { context: this.context, element: { sharedId: node.sharedId }, files: paths });
  }
  async select(target: Target, option: { label: string } | { index: number }): Promise<void> {
    await this.act(target, 'select', option);
  }
  value(target: Target): Promise<string> {
    return this.act(target, 'value');
  }
  text(target: Target): Promise<string> {
    return this.act(target, 'text');
  }
  count(target: Target): Promise<number> {
    return this.act(target, 'count');
  }
  async waitFor(target: Target, timeoutMs = WAIT_MS): Promise<void> {
    await this.act(target, 'visible', undefined, timeoutMs);
  }
  evaluate<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
    return this.raw.evaluate<R>(inPage(`(${fn})(${arg === undefined ? '' : JSON.stringify(arg)})`));
  }
  async url(): Promise<string> {
    const { contexts } = await this.conn.send<{ contexts: Array<{ url: string }> }>('browsingContext.getTree', {
      root: this.context,
      maxDepth: 0,
    });
    return contexts[0]?.url ?? '';
  }
  async goto(url: string): Promise<void> {
    await this.conn.send('browsingContext.navigate', { context: this.context, url, wait: 'complete' }).catch(() => undefined);
  }
  async reload(): Promise<void> {
    await this.conn.send('browsingContext.reload', { context: this.context, wait: 'complete' });
  }
  async bringToFront(): Promise<void> {
    await this.conn.send('browsingContext.activate', { context: this.context });
  }
  async waitForClose(timeoutMs = WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const open = await this.conn
        .send<{ contexts: unknown[] }>('browsingContext.getTree', { root: this.context, maxDepth: 0 })
        .then((r) => r.contexts.length > 0, () => false);
      if (!open) return;
      await sleep(50);
    }
    throw new Error(`the tab was not closed within ${timeoutMs} ms`);
  }
  async close(): Promise<void> {
    await this.raw.close();
  }
}
