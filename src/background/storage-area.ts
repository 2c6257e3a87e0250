/** The part of `browser.storage.local` / `.session` KeyDeck uses: small enough to fake in tests. */
export interface StorageArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}
