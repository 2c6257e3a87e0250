import type { StoredItem } from '../../storage';
import type { FlowState } from './flow-state';

/**
 * How long a routine step (a poll that changed nothing but counters and times) may wait to be
 * written with others. The whole `flows` record is one storage item: at 200 flows polled once a
 * second, writing it at every poll was 140 writes (18 MB) a second and the polls fell behind
 * (measured with a bench script since folded into bench/farm.ts). A routine step lost with a stopped worker costs nothing: the next worker
 * polls at once, and its 5 s "lapsed" check allows far more than this.
 */
export const COALESCE_MS = 250;

type Waiter = { resolve: (stored: FlowState) => void; reject: (error: unknown) => void };

export interface FlowWriter {
  /**
   * Persists the flow and resolves with what storage then holds for it (a cancel that landed
   * meanwhile wins). `urgent`: written at once (with whatever else is queued), else within
   * COALESCE_MS, in one write with the other flows' steps.
   */
  save(flow: FlowState, urgent: boolean): Promise<FlowState>;
  /** Writes what is queued now (a decision was made: the steps waiting on a write must go on at once). */
  flushNow(): void;
}

export function createFlowWriter(
  flowsItem: StoredItem<Record<string, FlowState>>,
  exclusive: <T>(task: () => Promise<T>) => Promise<T>,
  onSaved: (flow: FlowState) => void,
): FlowWriter {
  const queued = new Map<string, { flow: FlowState; waiters: Waiter[] }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = Infinity;

  function request(delay: number): void {
    if (timer !== undefined && due <= Date.now() + delay) return;
    clearTimeout(timer);
    due = Date.now() + delay;
    timer = setTimeout(flush, delay);
  }

  function flush(): void {
    timer = undefined;
    due = Infinity;
    let batch: { flow: FlowState; waiters: Waiter[] }[] = [];
    exclusive(async () => {
      // Taken when the write's turn comes, not when it was asked for: under load, every step that
      // arrived while the previous write was on its way goes in this one.
      batch = [...queued.values()];
      queued.clear();
      if (batch.length === 0) return [];
      const flows = await flowsItem.get();
      const next = { ...flows };
      const stored = batch.map(({ flow }) => {
        // A cancel that landed while a step was on the wire wins over the step's result.
        const current = flows[flow.id];
        if (current?.phase === 'cancelled' && flow.phase !== 'cancelled') return current;
        next[flow.id] = flow;
        return flow;
      });
      await flowsItem.set(next);
      return stored;
    }).then(
      (stored) =>
        batch.forEach(({ flow, waiters }, i) => {
          if (stored[i] === flow) onSaved(flow);
          for (const waiter of waiters) waiter.resolve(stored[i]!);
        }),
      (error: unknown) => batch.forEach(({ waiters }) => waiters.forEach((waiter) => waiter.reject(error))),
    );
  }

  return {
    save(flow, urgent) {
      return new Promise<FlowState>((resolve, reject) => {
        const entry = queued.get(flow.id);
        if (entry) {
          entry.flow = flow; // a later step of the same flow replaces the earlier one in the batch
          entry.waiters.push({ resolve, reject });
        } else queued.set(flow.id, { flow, waiters: [{ resolve, reject }] });
        request(urgent ? 0 : COALESCE_MS);
      });
    },
    flushNow: () => void (queued.size > 0 && request(0)),
  };
}
