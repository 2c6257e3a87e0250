/**
 * Keeps the worker running while a hand-over is watched, until the last watch expires (at most
 * 15 minutes, capture-watch.ts). Chrome stops an idle worker after 30 s without an event or an
 * extension API call; people spend longer than that signing in on the portal, and a stopped
 * worker must start again when the finish request comes: about 100 ms before the key can even be
 * sealed (`npm run bench`, worker stopped). An API call every 20 s resets Chrome's idle timer.
 */
export const PING_EVERY_MS = 20_000;

export interface KeepAwakeDeps {
  /** Any cheap extension API call. */
  ping(): Promise<unknown>;
  now?: () => number;
  timers?: { setInterval(run: () => void, ms: number): unknown; clearInterval(id: unknown): void };
}

export function createKeepAwake({ ping, now = Date.now, timers = globalThis as NonNullable<KeepAwakeDeps['timers']> }: KeepAwakeDeps) {
  let timer: unknown;
  let until = 0;
  const stop = () => {
    if (timer !== undefined) timers.clearInterval(timer);
    timer = undefined;
  };
  return {
    /** Awake until `when` (a clock time); `undefined` when nothing is watched any more. */
    until(when: number | undefined): void {
      until = when ?? 0;
      if (until <= now()) return stop();
      timer ??= timers.setInterval(() => {
        if (now() >= until) return stop();
        void ping().catch(() => undefined);
      }, PING_EVERY_MS);
    },
  };
}
