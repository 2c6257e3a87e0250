import type { Farm } from '../../shared/farm';
import type { StoredItem } from '../../storage';
import type { ProbeResult } from './probe';

/**
 * How long a probe's finding may wait to be written with others. The farm is one stored item: at
 * 200 servers, one write per finding was one rewrite of the whole list per server, in the same
 * queue as starting each server's key request, and it held the starts back.
 */
export const RECORD_MS = 200;

export interface FarmStore {
  get(): Promise<Farm | null>;
  update(change: (farm: Farm | null) => Farm | null): Promise<Farm | null>;
}

/**
 * The farm item with this worker's copy kept in memory: only the background writes it, through
 * here, so a read between writes need not parse the whole list again. A new worker starts empty.
 */
export function cachedFarm(item: StoredItem<Farm | null>): FarmStore {
  let cache: Promise<Farm | null> | undefined;
  return {
    get: () => (cache ??= item.get().catch((error: unknown) => ((cache = undefined), Promise.reject(error)))),
    async update(change) {
      const next = await item.update(change);
      cache = Promise.resolve(next);
      return next;
    },
  };
}

/** Writes probe findings in batches; each `record` resolves once its finding is stored. */
export function createProbeRecorder(item: FarmStore, now: () => number) {
  let queued: { createdAt: number; url: string; result: ProbeResult; done: () => void; fail: (error: unknown) => void }[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush(): void {
    timer = undefined;
    const batch = queued;
    queued = [];
    const at = now();
    item
      .update((farm) => {
        if (!farm) return farm;
        const found = new Map(batch.filter((entry) => entry.createdAt === farm.createdAt).map((entry) => [entry.url, entry.result]));
        // A finding already there (another worker's) is kept.
        return { ...farm, servers: farm.servers.map((s) => (found.has(s.url) && !s.probe ? { ...s, probe: { ...found.get(s.url)!, at } } : s)) };
      })
      .then(
        () => batch.forEach((entry) => entry.done()),
        (error: unknown) => batch.forEach((entry) => entry.fail(error)),
      );
  }

  return {
    /** Stores what the probe of `url` found, in the farm created at `createdAt` (not in one that replaced it). */
    record(createdAt: number, url: string, result: ProbeResult): Promise<void> {
      return new Promise((done, fail) => {
        queued.push({ createdAt, url, result, done, fail });
        timer ??= setTimeout(flush, RECORD_MS);
      });
    },
  };
}
