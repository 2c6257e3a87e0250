// Time sources shared by the simulators. Expiry rules read the injected clock, so tests can jump
// ahead instead of sleeping.
/** Injectable time source (milliseconds); `advance` exists on manual clocks only. */
export interface SimClock {
  now(): number;
  advance?(ms: number): void;
}

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
