import { bindItem, type ItemSpec, type StorageBackend, type StoredItem } from './item';
import * as items from './items';

export type { StorageArea, StorageBackend, StorageChange, StoredItem } from './item';

/** Every item bound to one `browser.storage` (the real one, or a fake in tests). */
export function createStore(backend: StorageBackend) {
  const bind = <T>(spec: ItemSpec<T>) => bindItem(backend, spec);
  return {
    vault: bind(items.vault),
    vaultIndex: bind(items.vaultIndex),
    vaultIndexCount: bind(items.vaultIndexCount),
    vaultInbox: bind(items.vaultInbox),
    settings: bind(items.settings),
    flows: bind(items.flows),
    rotations: bind(items.rotations),
    farm: bind(items.farm),
    captureTabs: bind(items.captureTabs),
    captureResults: bind(items.captureResults),
    captureUnsaved: bind(items.captureUnsaved),
    clipboardPending: bind(items.clipboardPending),
    keyring: bind(items.keyring),
    unlocked: bind(items.unlocked),
    lockFailures: bind(items.lockFailures),
    lockOfferDismissed: bind(items.lockOfferDismissed),
    arrivals: bind(items.arrivals),
    tabDetection: (tabId: number): StoredItem<ReturnType<typeof items.tabDetection>['fallback']> => bind(items.tabDetection(tabId)),
  };
}

export type Store = ReturnType<typeof createStore>;
