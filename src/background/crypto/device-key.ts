/**
 * The device key: a non-extractable AES-GCM key kept in the extension's own IndexedDB. Web pages and
 * content scripts cannot reach that database (Firefox exposes storage.local to content scripts and has
 * no switch to stop it), so with no passphrase set the vault's private key is wrapped with this.
 * It does not protect against someone reading the profile from disk: the passphrase lock does.
 */
export interface KeyHolder {
  /** The device key, made on first use. */
  get(): Promise<CryptoKey>;
}

const DB = 'keydeck';
const STORE = 'keys';
const ID = 'device';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDb(idb: IDBFactory): Promise<IDBDatabase> {
  const req = idb.open(DB, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return request(req);
}

export function indexedDbKeyHolder(idb?: IDBFactory): KeyHolder {
  let pending: Promise<CryptoKey> | undefined;
  async function load(): Promise<CryptoKey> {
    const db = await openDb(idb ?? indexedDB);
    try {
      const found = await request(db.transaction(STORE).objectStore(STORE).get(ID));
      if (found instanceof CryptoKey) return found;
      const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      // `add`, not `put`: if another context made one meanwhile, this fails and the stored one wins.
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).add(key, ID);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }).catch(async () => undefined);
      const stored = await request(db.transaction(STORE).objectStore(STORE).get(ID));
      if (!(stored instanceof CryptoKey)) throw new Error('The device key could not be stored.');
      return stored;
    } finally {
      db.close();
    }
  }
  return { get: () => (pending ??= load().catch((error) => ((pending = undefined), Promise.reject(error)))) };
}
