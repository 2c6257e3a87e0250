import type { StorageArea, StorageBackend } from '../../../src/storage';

/**
 * An in-memory `browser.storage.local` / `.session`. Values are cloned on the way in and out (as
 * the real storage serialises them), so code under test can never keep a live reference to what
 * is stored. `snapshot()` lets a test read what was persisted, bypassing the code under test.
 */
export interface MemoryStorage extends StorageArea {
  snapshot(): Record<string, unknown>;
}

/**
 * `quotaBytes`: Chrome's `storage.local` quota (10,485,760 bytes without unlimitedStorage), counted
 * as Chrome does (each key's length plus its value's JSON); a write past it throws Chrome's error and
 * stores nothing.
 */
export function createMemoryStorage(initial: Record<string, unknown> = {}, { quotaBytes = Infinity } = {}): MemoryStorage {
  const data = new Map<string, unknown>(Object.entries(structuredClone(initial)));
  const names = (keys: string | string[]) => (typeof keys === 'string' ? [keys] : keys);
  const bytes = (entries: Map<string, unknown>) => [...entries].reduce((sum, [key, value]) => sum + key.length + JSON.stringify(value).length, 0);
  return {
    async get(keys) {
      const out: Record<string, unknown> = {};
      for (const key of names(keys)) if (data.has(key)) out[key] = structuredClone(data.get(key));
      return out;
    },
    async set(items) {
      const after = new Map(data);
      for (const [key, value] of Object.entries(items)) after.set(key, value);
      if (bytes(after) > quotaBytes) throw new Error('QUOTA_BYTES quota exceeded');
      for (const [key, value] of Object.entries(items)) data.set(key, structuredClone(value));
    },
    async remove(keys) {
      for (const key of names(keys)) data.delete(key);
    },
    snapshot: () => structuredClone(Object.fromEntries(data)),
  };
}

/** `browser.storage` over two memory areas, for `createStore` (these tests follow no change events). */
export function memoryBackend(local: MemoryStorage, session: MemoryStorage): StorageBackend {
  return { local, session, onChanged: { addListener: () => undefined, removeListener: () => undefined } };
}
