import { t } from '../shared/i18n';
import { KeyDeckError } from '../shared/errors';
import { MIN_PASSPHRASE_LENGTH, type LockStatus } from '../shared/lock';
import { serial } from '../shared/serial';
import type { Store } from '../storage';
import { decrypt, encrypt } from './crypto/aead';
import { fromBase64, toBase64 } from './crypto/bytes';
import type { KeyHolder } from './crypto/device-key';
import { newKdf, passphraseKey, type Kdf } from './crypto/passphrase-key';
import { exportPrivateKey, exportPublicKey, importPrivateKey, importPublicKey, newKeyPair } from './crypto/seal';
import { slowDownMs } from './lock-slowdown';

export const AUTO_LOCK_ALARM = 'keydeck-autolock';

type Keyring = NonNullable<Awaited<ReturnType<Store['keyring']['get']>>>;

export interface LockDeps {
  items: Pick<Store, 'keyring' | 'unlocked' | 'lockFailures' | 'lockOfferDismissed' | 'settings'>;
  deviceKey: KeyHolder;
  alarms: { create(name: string, info: { when: number }): void; clear(name: string): Promise<unknown> };
  now?: () => number;
}

/**
 * The passphrase lock, and the keys the vault seals and opens with (vault.ts). Without a passphrase
 * the private key is wrapped by the device key; with one, by a key derived from it, and it is usable
 * only while unlocked: kept in storage.session (memory only, trusted contexts only, gone when the
 * browser stops) until "Lock now", the idle time, or a restart.
 */
export function createLock({ items, deviceKey, alarms, now = Date.now }: LockDeps) {
  const exclusive = serial();
  // The public key never changes once made; kept imported, so sealing an arriving key reads no storage.
  // Dropped if the keyring changes anyway (in any context): nothing is sealed to a replaced one.
  let publicCache: CryptoKey | undefined;
  items.keyring.onChange(() => void (publicCache = undefined));
  let deviceCache: { raw: string; key: CryptoKey } | undefined;

  // The wrapped private key is bound to its public key, so a swapped box never opens.
  const context = (keyring: Pick<Keyring, 'publicKey'>) => `keydeck-keyring-v1:${keyring.publicKey}`;

  async function makeKeyring(): Promise<Keyring> {
    const pair = await newKeyPair();
    const publicKey = await exportPublicKey(pair.publicKey);
    const made: Keyring = {
      version: 1,
      publicKey,
      privateKey: await encrypt(await deviceKey.get(), await exportPrivateKey(pair.privateKey), context({ publicKey })),
      wrappedBy: { by: 'device' },
    };
    await items.keyring.set(made);
    return made;
  }

  /** The keyring, made on first use (inside `exclusive`, so two first uses make one). */
  async function keyring(): Promise<Keyring> {
    return (await items.keyring.get()) ?? exclusive(async () => (await items.keyring.get()) ?? makeKeyring());
  }

  const idleMs = async () => (await items.settings.get()).autoLockMinutes * 60_000;

  async function session(): Promise<{ privateKey: string; lastUsed: number } | null> {
    const open = await items.unlocked.get();
    if (open && now() - open.lastUsed >= (await idleMs())) {
      await lockNow(); // the alarm may come late (a sleeping machine): the idle time still holds
      return null;
    }
    return open;
  }

  async function keepOpen(privateKey: string): Promise<void> {
    const lastUsed = now();
    await items.unlocked.set({ privateKey, lastUsed });
    alarms.create(AUTO_LOCK_ALARM, { when: lastUsed + (await idleMs()) });
  }

  async function lockNow(): Promise<void> {
    await items.unlocked.remove();
    await alarms.clear(AUTO_LOCK_ALARM);
  }

  /** The private key's PKCS #8 bytes from the passphrase; a wrong one counts toward the slow-down. */
  async function openWith(ring: Keyring, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
    if (ring.wrappedBy.by !== 'passphrase') throw new KeyDeckError('invalid-input', t('errNoPassphrase'));
    const failures = await items.lockFailures.get();
    const wait = failures.at + slowDownMs(failures.count) - now();
    if (wait > 0) throw new KeyDeckError('slow-down', t('errTooManyTries', String(Math.ceil(wait / 1000))));
    try {
      const pkcs8 = await decrypt(await passphraseKey(passphrase, ring.wrappedBy.kdf), ring.privateKey, context(ring));
      if (failures.count) await items.lockFailures.remove();
      return pkcs8;
    } catch {
      const count = failures.count + 1;
      await items.lockFailures.set({ count, at: now() });
      const next = slowDownMs(count);
      throw new KeyDeckError('wrong-passphrase', next ? t('errWrongPassphraseWait', String(Math.ceil(next / 1000))) : t('errWrongPassphrase'));
    }
  }

  async function wrapWithPassphrase(ring: Keyring, pkcs8: Uint8Array<ArrayBuffer>, passphrase: string): Promise<Keyring> {
    const kdf: Kdf = newKdf();
    return { ...ring, privateKey: await encrypt(await passphraseKey(passphrase, kdf), pkcs8, context(ring)), wrappedBy: { by: 'passphrase', kdf } };
  }

  function checkStrength(passphrase: string): void {
    if ([...passphrase].length < MIN_PASSPHRASE_LENGTH)
      throw new KeyDeckError('invalid-input', t('errPassphraseMin', String(MIN_PASSPHRASE_LENGTH)));
  }

  async function status(vaultHoldsKey: boolean): Promise<LockStatus> {
    const ring = await items.keyring.get();
    const enabled = ring?.wrappedBy.by === 'passphrase';
    const failures = await items.lockFailures.get();
    return {
      enabled,
      locked: enabled && !(await session()),
      autoLockMinutes: (await items.settings.get()).autoLockMinutes,
      retryInMs: Math.max(0, failures.at + slowDownMs(failures.count) - now()),
      offer: !enabled && vaultHoldsKey && !(await items.lockOfferDismissed.get()),
    };
  }

  return {
    status,

    /** Seals with this: it needs no passphrase, so keys arrive while locked. */
    async publicKey(): Promise<CryptoKey> {
      if (publicCache) return publicCache;
      const key = await importPublicKey((await keyring()).publicKey);
      return (publicCache ??= key); // two first calls keep one CryptoKey (the spare envelope is made for it)
    },

    /** Opens with this; throws `locked` while locked, and counts as use for the idle time. */
    async privateKey(): Promise<CryptoKey> {
      const ring = await keyring();
      if (ring.wrappedBy.by === 'device') {
        if (deviceCache?.raw !== ring.privateKey.data) {
          let pkcs8: Uint8Array<ArrayBuffer>;
          try {
            pkcs8 = await decrypt(await deviceKey.get(), ring.privateKey, context(ring));
          } catch {
            throw new KeyDeckError('vault-corrupt', t('errDeviceKeyLost'));
          }
          deviceCache = { raw: ring.privateKey.data, key: await importPrivateKey(pkcs8) };
        }
        return deviceCache.key;
      }
      const open = await session();
      if (!open) throw new KeyDeckError('locked', t('errLocked'));
      await keepOpen(open.privateKey);
      return importPrivateKey(fromBase64(open.privateKey));
    },

    async unlock(passphrase: string): Promise<void> {
      const pkcs8 = await openWith(await keyring(), passphrase);
      await keepOpen(toBase64(pkcs8));
    },

    lockNow,

    /** Turns the lock on; the user stays unlocked until the idle time or "Lock now". */
    set: (passphrase: string) =>
      exclusive(async () => {
        checkStrength(passphrase);
        const ring = await items.keyring.get();
        if (ring?.wrappedBy.by === 'passphrase') throw new KeyDeckError('invalid-input', t('errPassphraseAlreadySet'));
        const current = ring ?? (await makeKeyring());
        const pkcs8 = await decrypt(await deviceKey.get(), current.privateKey, context(current));
        await items.keyring.set(await wrapWithPassphrase(current, pkcs8, passphrase));
        deviceCache = undefined;
        await keepOpen(toBase64(pkcs8));
      }),

    /** One write of the keyring: a crash before it leaves the old passphrase, after it the new one. */
    change: (current: string, next: string) =>
      exclusive(async () => {
        checkStrength(next);
        const ring = await keyring();
        const pkcs8 = await openWith(ring, current);
        await items.keyring.set(await wrapWithPassphrase(ring, pkcs8, next));
        await keepOpen(toBase64(pkcs8));
      }),

    remove: (current: string) =>
      exclusive(async () => {
        const ring = await keyring();
        const pkcs8 = await openWith(ring, current);
        await items.keyring.set({ ...ring, privateKey: await encrypt(await deviceKey.get(), pkcs8, context(ring)), wrappedBy: { by: 'device' } });
        await lockNow();
      }),

    dismissOffer: () => items.lockOfferDismissed.set(true),

    async onAlarm(name: string): Promise<void> {
      if (name !== AUTO_LOCK_ALARM) return;
      const open = await session(); // locks when the idle time has passed
      if (open) alarms.create(AUTO_LOCK_ALARM, { when: open.lastUsed + (await idleMs()) });
    },
  };
}

export type Lock = ReturnType<typeof createLock>;
