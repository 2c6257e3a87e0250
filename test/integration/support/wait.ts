import type { FlowView } from '../../../src/shared/flow';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Something with a `list()` of flows: the OctoPrint workflow. */
export interface FlowLister {
  list(): Promise<FlowView[]>;
}

/**
 * Polls `list()` every ~25 ms until the flow `id` satisfies `predicate`; throws with the last
 * state seen after `timeoutMs`. Bounded: at most timeoutMs / 25 + 1 looks.
 */
export async function waitForFlow(
  workflow: FlowLister,
  id: string,
  predicate: (flow: FlowView) => boolean,
  timeoutMs: number,
): Promise<FlowView> {
  const deadline = Date.now() + timeoutMs;
  let last: FlowView | undefined;
  for (let round = 0; round <= Math.ceil(timeoutMs / 25); round++) {
    last = (await workflow.list()).find((flow) => flow.id === id);
    if (last && predicate(last)) return last;
    if (Date.now() >= deadline) break;
    await sleep(25);
  }
  throw new Error(`waitForFlow(${id}): no match within ${timeoutMs} ms; last state: ${JSON.stringify(last ?? null)}`);
}

/** Waits (bounded) until `check` returns a truthy value, and returns it; throws `what` on timeout. */
export async function waitUntil<T>(check: () => T | Promise<T>, timeoutMs: number, what: string, everyMs = 10): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (let round = 0; round <= Math.ceil(timeoutMs / everyMs); round++) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= deadline) break;
    await sleep(everyMs);
  }
  throw new Error(`waitUntil: ${what} did not happen within ${timeoutMs} ms`);
}
