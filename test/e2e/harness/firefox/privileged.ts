// Firefox's privileged browser scope over BiDi (needs --remote-allow-system-access): what the
// browser itself can do to an add-on, such as unloading its event page as the idle timer does.
import type { BidiConnection } from '../bidi';
import { sleep } from './process';

/** Evaluates `expression` in the browser window's chrome scope (WebExtensionPolicy, Services…). */
export async function evaluateInChrome<T = unknown>(conn: BidiConnection, expression: string): Promise<T> {
  const { contexts } = await conn.send<{ contexts: Array<{ context: string }> }>('browsingContext.getTree', {
    'moz:scope': 'chrome',
  });
  const window = contexts[0];
  if (!window) throw new Error('no browser window in the chrome scope');
  const res = await conn.send<{ type: string; result?: { type: string; value?: unknown }; exceptionDetails?: { text?: string } }>(
    'script.evaluate',
    { expression, target: { context: window.context }, awaitPromise: true, resultOwnership: 'none' },
  );
  if (res.type === 'exception') throw new Error(`chrome-scope evaluate threw: ${res.exceptionDetails?.text ?? 'unknown'}`);
  return res.result?.value as T;
}

const extension = (id: string) => `WebExtensionPolicy.getByID(${JSON.stringify(id)}).extension`;

/** The event page's state as Firefox tracks it: 'running', 'suspending', 'stopped'… */
export function backgroundState(conn: BidiConnection, addonId: string): Promise<string> {
  return evaluateInChrome<string>(conn, `String(${extension(addonId)}.backgroundState)`);
}

/**
 * Unloads the add-on's event page, as Firefox's idle timer does (`terminateBackground`), and
 * resolves once Firefox reports it stopped (bounded: 10 s).
 */
export async function terminateBackground(conn: BidiConnection, addonId: string): Promise<void> {
  // The state is read in the same step as the unload ends: a page of the add-on that sends a
  // message at once (a poll, a port) wakes a new event page before a later look would see 'stopped'.
  let state = await evaluateInChrome<string>(conn, `${extension(addonId)}.terminateBackground().then(() => String(${extension(addonId)}.backgroundState))`);
  if (state === 'stopped') return;
  for (let i = 0; i < 100; i++) {
    state = await backgroundState(conn, addonId);
    if (state === 'stopped') return;
    await sleep(100);
  }
  throw new Error(`the event page did not stop (state: ${state})`);
}
