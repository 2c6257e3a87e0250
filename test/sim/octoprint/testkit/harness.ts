// Lifecycle helper for scenario tests: one simulator per test, always closed.
import { startOctoPrintSim } from '../index';
import type { OctoPrintSim, OctoPrintSimOptions } from '../types';

export async function withSim<T>(options: OctoPrintSimOptions, fn: (sim: OctoPrintSim) => Promise<T>): Promise<T> {
  const sim = await startOctoPrintSim(options);
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

export const URLSAFE_43 = /^[A-Za-z0-9_-]{43}$/;
export const HEX_32 = /^[0-9A-F]{32}$/;
