import type { StorageArea } from '../../../src/background/storage-area';

/**
 * An in-memory `browser.storage.local` / `.session`. Values are cloned on the way in and out (as
 * the real storage serialises them), so code under test can never keep a live reference to what
 * is stored. `snapshot()` lets a test read what was persisted, bypassing the code under test.
 */
export interface MemoryStorage extends StorageArea {
  snapshot(): Record<string, unknown>;
}

export function createMemoryStorage(initial: Record<string, unknown> = {}): MemoryStorage {
  const data = new Map<string, unknown>(Object.entries(structuredClone(initial)));
  const names = (keys: string | string[]) => (typeof keys === 'string' ? [keys] : keys);
  return {
    async get(keys) {
      const out: Record<string, unknown> = {};
      for (const key of names(keys)) if (data.has(key)) out[key] = structuredClone(data.get(key));
      return out;
    },
    async set(items) {
      for (const [key, value] of Object.entries(items)) data.set(key, structuredClone(value));
    },
    async remove(keys) {
      for (const key of names(keys)) data.delete(key);
    },
    snapshot: () => structuredClone(Object.fromEntries(data)),
  };
}
