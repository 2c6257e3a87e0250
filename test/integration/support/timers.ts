import type { WorkflowTimers } from '../../../src/providers/octoprint/workflow';

/** Timers a test can take away from a workflow, as the browser does when it stops the worker. */
export interface WorkerTimers extends WorkflowTimers {
  /** The worker is stopped: every pending timer is gone and none set later will fire. */
  drop(): void;
}

/** Real timers (the workflow runs in real time) that `drop()` cancels for good. */
export function workerTimers(): WorkerTimers {
  const live = new Set<ReturnType<typeof setTimeout>>();
  let dropped = false;
  return {
    set(callback, ms) {
      if (dropped) return undefined;
      const handle = setTimeout(() => {
        live.delete(handle);
        callback();
      }, ms);
      live.add(handle);
      return handle;
    },
    clear(handle) {
      if (handle === undefined) return;
      clearTimeout(handle as ReturnType<typeof setTimeout>);
      live.delete(handle as ReturnType<typeof setTimeout>);
    },
    drop() {
      dropped = true;
      for (const handle of live) clearTimeout(handle);
      live.clear();
    },
  };
}

/**
 * Timers that never fire by themselves: a test sees what the workflow scheduled (`delays()`) and
 * fires it when it wants (`fire()`), so "the next poll came at once" needs no stopwatch.
 */
export interface HeldTimers extends WorkerTimers {
  /** The delays (ms) of the timers set and not yet cleared or fired, oldest first. */
  delays(): number[];
  /** Fires every pending timer once; returns how many. */
  fire(): number;
  /** How many timers have fired (only fire() fires them). */
  readonly fired: number;
}

export function heldTimers(): HeldTimers {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  let fired = 0;
  let dropped = false;
  return {
    set(callback, ms) {
      if (dropped) return undefined;
      const id = next++;
      pending.set(id, { callback, ms });
      return id;
    },
    clear: (handle) => void pending.delete(handle as number),
    drop() {
      dropped = true;
      pending.clear();
    },
    delays: () => [...pending.values()].map((t) => t.ms),
    fire() {
      const due = [...pending.values()];
      pending.clear();
      for (const t of due) {
        fired++;
        t.callback();
      }
      return due.length;
    },
    get fired() {
      return fired;
    },
  };
}
