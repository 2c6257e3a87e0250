import * as v from 'valibot';
import { serial } from '../shared/serial';
import { isQuotaError, storageFull } from './quota';

/** The part of `browser.storage` KeyDeck uses: small enough to fake in tests. */
export interface StorageArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface StorageChange {
  newValue?: unknown;
  oldValue?: unknown;
}

type ChangeListener = (changes: Record<string, StorageChange>, area: string) => void;

export interface StorageBackend {
  local: StorageArea;
  session: StorageArea;
  onChanged: { addListener(listener: ChangeListener): void; removeListener(listener: ChangeListener): void };
}

export type AreaName = 'local' | 'session';

/** One stored item: where it lives, what it must look like, and what a missing or damaged value means. */
export interface ItemSpec<T> {
  area: AreaName;
  key: string;
  schema: v.GenericSchema<unknown, T>;
  /** The value when nothing is stored (and when a damaged value may simply be forgotten). */
  fallback: T;
  /** A damaged value that must never be silently replaced (the vault) throws this instead of falling back. */
  damaged?: () => Error;
  /** Values carry `schemaVersion`; `migrations[n]` turns version n into n + 1; a newer one throws `newer()`. */
  version?: { current: number; migrations: Readonly<Record<number, (data: unknown) => unknown>>; newer: () => Error };
  /**
   * Items derived from this one (the vault's index), written in the same `set` call as every value
   * of it and removed with it: storage applies one call whole, so they never disagree.
   */
  companions?: readonly { key: string; derive(value: NoInfer<T>): unknown }[];
}

export function defineItem<T>(spec: ItemSpec<T>): ItemSpec<T> {
  return spec;
}

/** Parses what storage holds; migrations run in memory only (the next write stores the current version). */
export function parseStored<T>(spec: ItemSpec<T>, raw: unknown): T {
  if (raw === undefined) return spec.fallback;
  const damaged = (): T => {
    if (spec.damaged) throw spec.damaged();
    return spec.fallback;
  };
  let data: unknown = raw;
  if (spec.version) {
    const at = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (typeof at !== 'number' || !Number.isInteger(at) || at < 0) return damaged();
    if (at > spec.version.current) throw spec.version.newer();
    for (let step = at; step < spec.version.current; step++) {
      const migrate = spec.version.migrations[step];
      if (!migrate) return damaged();
      data = migrate(data);
    }
  }
  const parsed = v.safeParse(spec.schema, data);
  return parsed.success ? parsed.output : damaged();
}

export interface StoredItem<T> {
  readonly spec: ItemSpec<T>;
  get(): Promise<T>;
  set(value: T): Promise<void>;
  remove(): Promise<void>;
  /** Read-modify-write, never interleaved with another update of the same item. */
  update(change: (value: T) => T | Promise<T>): Promise<T>;
  /** Called with the parsed new value whenever the item changes, in any context; returns an unsubscribe. */
  watch(listener: (value: T) => void): () => void;
  /** Called whenever the item changes, without parsing it (for caches that only need to know). */
  onChange(listener: () => void): () => void;
}

export function bindItem<T>(backend: StorageBackend, spec: ItemSpec<T>): StoredItem<T> {
  const area = backend[spec.area];
  const exclusive = serial();
  const get = async () => parseStored(spec, (await area.get(spec.key))[spec.key]);
  // A full quota is the user's to fix (delete keys): say so, instead of an unexpected error.
  const companions = spec.companions ?? [];
  const set = (value: T) =>
    area.set({ [spec.key]: value, ...Object.fromEntries(companions.map((c) => [c.key, c.derive(value)])) }).catch((error: unknown) => {
      throw isQuotaError(error) ? storageFull() : error;
    });
  const subscribe = (listener: (newValue: unknown) => void) => {
    const onChanged: ChangeListener = (changes, areaName) => {
      const change = changes[spec.key];
      if (areaName === spec.area && change) listener(change.newValue);
    };
    backend.onChanged.addListener(onChanged);
    return () => backend.onChanged.removeListener(onChanged);
  };
  return {
    spec,
    get,
    set,
    remove: () => area.remove([spec.key, ...companions.map((c) => c.key)]),
    update: (change) =>
      exclusive(async () => {
        const next = await change(await get());
        await set(next);
        return next;
      }),
    watch: (listener) =>
      subscribe((newValue) => {
        let value: T;
        try {
          value = parseStored(spec, newValue);
        } catch {
          return; // damaged or newer: the next get() says so to whoever asks
        }
        listener(value);
      }),
    onChange: (listener) => subscribe(() => listener()),
  };
}
