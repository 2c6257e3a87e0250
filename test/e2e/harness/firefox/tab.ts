// One Firefox tab over WebDriver BiDi: navigate, evaluate, wait, real clicks and key presses.
import { writeFile } from 'node:fs/promises';
import { type BidiConnection, DEFAULT_COMMAND_TIMEOUT_MS, deserialize, type RemoteValue } from '../bidi';
import { sleep } from './process';

const COMMAND_TIMEOUT_MS = DEFAULT_COMMAND_TIMEOUT_MS;

export interface EvaluateOptions {
  /**
   * BiDi `userActivation`: run the expression as if the user had just
   * interacted with the page. Default false, so that tests which need user
   * activation must earn it with a real `click`.
   */
  userActivation?: boolean;
  timeoutMs?: number;
}

export interface FirefoxTab {
  /** BiDi browsing context id. */
  context: string;
  navigate(url: string): Promise<void>;
  /** `script.evaluate` with awaitPromise; returns the deserialized value, throws with the page's exception text. */
  evaluate<T = unknown>(expression: string, opts?: EvaluateOptions): Promise<T>;
  /** Polls `expression` until it is truthy; bounded (default 10 s). */
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  /** A real mouse click (input.performActions) at the centre of the first element matching `selector`, or of a node. */
  click(target: string | { sharedId: string }): Promise<void>;
  /** Real key presses into whatever has focus ('\n' is Enter, '\t' Tab, '\b' Backspace). */
  pressKeys(text: string): Promise<void>;
  /** Focuses the element and types `text` as real key presses; `replace` selects its text first. */
  type(selector: string, text: string, options?: { replace?: boolean }): Promise<void>;
  /** Writes a PNG of the viewport to `file`. */
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

export function makeTab(conn: BidiConnection, context: string): FirefoxTab {
  async function evaluateRaw(expression: string, opts: EvaluateOptions = {}): Promise<RemoteValue> {
    const res = await conn.send<{
      type: 'success' | 'exception';
      result?: RemoteValue;
      exceptionDetails?: { text?: string; exception?: RemoteValue };
    }>(
      'script.evaluate',
      {
        expression,
        target: { context },
        awaitPromise: true,
        resultOwnership: 'none',
        userActivation: opts.userActivation ?? false,
      },
      opts.timeoutMs ?? COMMAND_TIMEOUT_MS,
    );
    if (res.type === 'exception') {
      const text = res.exceptionDetails?.text ?? 'unknown exception';
      throw new Error(`evaluate threw: ${text}\n  expression: ${abbreviate(expression)}`);
    }
    return res.result ?? { type: 'undefined' };
  }

  /** Scrolls the element into view and returns its shared id; throws if nothing matches. */
  /** Ends an input sequence; one whose click or key closed its own tab (KeyDeck ends a hand-over so) has nothing left to release. */
  async function release(): Promise<void> {
    await conn.send('input.releaseActions', { context }).catch((error: unknown) => {
      if (!/no such frame/.test(String(error))) throw error;
    });
  }

  async function element(selector: string): Promise<string> {
    const rv = await evaluateRaw(
      `(() => { const el = document.querySelector(${JSON.stringify(selector)});
        if (el) el.scrollIntoView({ block: 'center', inline: 'center' });
        return el; })()`,
    );
    if (rv.type !== 'node' || !rv.sharedId) throw new Error(`no element matches selector ${JSON.stringify(selector)}`);
    return rv.sharedId;
  }

  const tab: FirefoxTab = {
    context,

    async navigate(url: string): Promise<void> {
      await conn.send('browsingContext.navigate', { context, url, wait: 'complete' });
    },

    async evaluate<T>(expression: string, opts?: EvaluateOptions): Promise<T> {
      return deserialize(await evaluateRaw(expression, opts)) as T;
    },

    async waitFor(expression: string, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      let lastError = '';
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        try {
          const v = await tab.evaluate<unknown>(expression, { timeoutMs: Math.max(500, Math.min(left, COMMAND_TIMEOUT_MS)) });
          if (v) return;
          lastError = '';
        } catch (err) {
          lastError = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        }
        await sleep(Math.min(100, Math.max(0, deadline - Date.now())));
      }
      throw new Error(
        `waitFor timed out after ${timeoutMs} ms: ${abbreviate(expression)}` + (lastError ? ` (last error: ${lastError})` : ''),
      );
    },

    async click(target: string | { sharedId: string }): Promise<void> {
      const sharedId = typeof target === 'string' ? await element(target) : target.sharedId;
      // pointerMove with an element origin and x=y=0 lands on the element's in-view centre point.
      await conn.send('input.performActions', {
        context,
        actions: [
          {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element: { sharedId } } },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          },
        ],
      });
      await release();
    },

    async type(selector: string, text: string, { replace = false } = {}): Promise<void> {
      await element(selector);
      // replace: select what the field holds, as a person would, so the keys typed replace it.
      const focused = await tab.evaluate<boolean>(
        `(() => { const el = document.querySelector(${JSON.stringify(selector)});
          el.focus();
          if (${replace} && typeof el.select === 'function') el.select();
          else if (typeof el.value === 'string' && typeof el.setSelectionRange === 'function') {
            try { el.setSelectionRange(el.value.length, el.value.length); } catch {}
          }
          return document.activeElement === el; })()`,
      );
      if (!focused) throw new Error(`type: element ${JSON.stringify(selector)} did not take focus`);
      await tab.pressKeys(text);
    },

    async pressKeys(text: string): Promise<void> {
      const special: Record<string, string> = { '\n': '\uE007', '\t': '\uE004', '\b': '\uE003' }; // Enter, Tab, Backspace
      const keys: Array<{ type: 'keyDown' | 'keyUp'; value: string }> = [];
      for (const ch of Array.from(text)) {
        const value = special[ch] ?? ch;
        keys.push({ type: 'keyDown', value }, { type: 'keyUp', value });
      }
      if (keys.length === 0) return;
      await conn.send('input.performActions', { context, actions: [{ type: 'key', id: 'keyboard', actions: keys }] });
      await release();
    },

    async screenshot(file: string): Promise<void> {
      const { data } = await conn.send<{ data: string }>('browsingContext.captureScreenshot', { context });
      await writeFile(file, Buffer.from(data, 'base64'));
    },

    async close(): Promise<void> {
      await conn.send('browsingContext.close', { context });
    },
  };
  return tab;
}

export function abbreviate(s: string, max = 160): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}
