// Time sources. All expiry rules (5 s poll timeout, 10 min cutoff, rate-limit
// windows, fresh-login window) read the injected clock, so tests can jump ahead
// instead of sleeping.
import type { SimClock } from './types';

export interface ManualClock extends SimClock {
  advance(ms: number): void;
}

export const realClock: SimClock = { now: () => Date.now() };

/** A clock that only moves when told to. Starts at a fixed, realistic epoch. */
export function createManualClock(startMs = Date.UTC(2026, 10, 22, 10, 40, 0)): ManualClock {
  let now = startMs;
  return {
    now: () => now,
    advance(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) throw new Error(`advance(${ms}): need a non-negative number`);
      now += ms;
    },
  };
}
