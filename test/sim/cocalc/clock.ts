// Time sources. Key expiry (manage.ts getAccountWithApiKey: `expire <= Date.now()`),
// remember_me expiry (get-account.ts) and created/last_active stamps read the
// injected clock, so tests can jump ahead instead of sleeping.
import type { SimClock } from './types';

export interface ManualClock extends SimClock {
  advance(ms: number): void;
}

export const realClock: SimClock = { now: () => Date.now() };

/** A clock that only moves when told to. Starts at a fixed, realistic epoch. */
export function createManualClock(startMs = Date.UTC(2026, 1, 3, 9, 30, 0)): ManualClock {
  let now = startMs;
  return {
    now: () => now,
    advance(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`advance(${ms}): need a non-negative number`);
      now += ms;
    },
  };
}
