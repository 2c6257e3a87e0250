import { createLock } from '../../src/background/lock';
import { createVault } from '../../src/background/vault';
import type { Store } from '../../src/storage';
import { memoryKeyHolder } from './memory-key-holder';

/** Alarms that only record what was asked (the lock's auto-lock alarm). */
export function recordingAlarms() {
  const created = new Map<string, number>();
  return {
    created,
    create: (name: string, info: { when: number }) => void created.set(name, info.when),
    clear: async (name: string) => created.delete(name),
  };
}

/** A vault as the background builds it: secrets sealed by a lock over a device key held in memory. */
export function testVault(store: Store, { now = Date.now } = {}) {
  const lock = createLock({ items: store, deviceKey: memoryKeyHolder(), alarms: recordingAlarms(), now });
  return Object.assign(createVault(store.vault, lock, { index: store.vaultIndexCount, inbox: store.vaultInbox }), { lock });
}

/** The vault and its lock, as Services holds them. */
export const withVault = (vault: ReturnType<typeof testVault>) => ({ vault, lock: vault.lock });
