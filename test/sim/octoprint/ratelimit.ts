// Flask-Limiter as used by the appkeys request endpoint (1.11.2+):
// @limit("3/minute;5/10 minutes;10/hour") keyed by the client address.
// The `limits` library's fixed windows start at the first hit of a window and
// last the window's length; a rejected request is not counted. 429 carries no
// Retry-After (Flask-Limiter's headers are off in OctoPrint), transcript step 14.
import type { SimClock } from './types';

export interface LimitSpec {
  count: number;
  windowMs: number;
}

export const APPKEYS_REQUEST_LIMITS: readonly LimitSpec[] = [
  { count: 3, windowMs: 60_000 },
  { count: 5, windowMs: 10 * 60_000 },
  { count: 10, windowMs: 60 * 60_000 },
];

interface Window {
  start: number;
  hits: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window[]>();

  constructor(
    private readonly clock: SimClock,
    private readonly limits: readonly LimitSpec[] = APPKEYS_REQUEST_LIMITS,
  ) {}

  /** Counts a hit for `key`; false (and not counted) when any window is full. */
  hit(key: string): boolean {
    const now = this.clock.now();
    const ws = this.windows.get(key) ?? this.limits.map(() => ({ start: now, hits: 0 }));
    this.limits.forEach((limit, i) => {
      const w = ws[i];
      if (w && now - w.start >= limit.windowMs) {
        w.start = now;
        w.hits = 0;
      }
    });
    const full = this.limits.some((limit, i) => (ws[i]?.hits ?? 0) >= limit.count);
    if (!full) {
      for (const w of ws) {
        if (w.hits === 0) w.start = now;
        w.hits += 1;
      }
    }
    this.windows.set(key, ws);
    return !full;
  }
}
