import type { StorageArea, StorageBackend, StorageChange } from '../../src/storage/item';

/**
 * An in-memory `browser.storage` (local and session, with onChanged). Values are cloned on the way
 * in and out, as the real storage serialises them. `raw()` reads what was persisted, bypassing the
 * code under test; `failWrites` plays a full disk (the real quota error message).
 */
export interface MemoryBackend extends StorageBackend {
  raw(area: 'local' | 'session'): Record<string, unknown>;
  failWrites(area: 'local' | 'session', message?: string): void;
}

export function createMemoryBackend(initial: { local?: Record<string, unknown>; session?: Record<string, unknown> } = {}): MemoryBackend {
  const listeners = new Set<(changes: Record<string, StorageChange>, area: string) => void>();
  const failing = new Map<string, string>();
  const area = (name: 'local' | 'session'): StorageArea & { data: Map<string, unknown> } => {
    const data = new Map<string, unknown>(Object.entries(structuredClone(initial[name] ?? {})));
    const names = (keys: string | string[]) => (typeof keys === 'string' ? [keys] : keys);
    const emit = (changes: Record<string, StorageChange>) => {
      for (const listener of listeners) listener(structuredClone(changes), name);
    };
    return {
      data,
      async get(keys) {
        const out: Record<string, unknown> = {};
        for (const key of names(keys)) if (data.has(key)) out[key] = structuredClone(data.get(key));
        return out;
      },
      async set(items) {
        const fail = failing.get(name);
        if (fail) throw new Error(fail);
        const changes: Record<string, StorageChange> = {};
        for (const [key, value] of Object.entries(items)) {
          changes[key] = { oldValue: data.get(key), newValue: value };
          data.set(key, structuredClone(value));
        }
        emit(changes);
      },
      async remove(keys) {
        const changes: Record<string, StorageChange> = {};
        for (const key of names(keys)) if (data.has(key)) changes[key] = { oldValue: data.get(key) };
        for (const key of names(keys)) data.delete(key);
        if (Object.keys(changes).length) emit(changes);
      },
    };
  };
  const local = area('local');
  const session = area('session');
  return {
    local,
    session,
    onChanged: { addListener: (l) => void listeners.add(l), removeListener: (l) => void listeners.delete(l) },
    raw: (name) => structuredClone(Object.fromEntries((name === 'local' ? local : session).data)),
    failWrites: (name, message = 'QUOTA_BYTES quota exceeded') => void failing.set(name, message),
  };
}
