import type { KeyHolder } from '../../src/background/crypto/device-key';

/** A device key held in memory only, for tests that run without IndexedDB. */
export function memoryKeyHolder(): KeyHolder {
  let key: Promise<CryptoKey> | undefined;
  return { get: () => (key ??= crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])) };
}
