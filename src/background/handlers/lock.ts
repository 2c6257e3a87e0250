import type { Handlers } from '../router';
import type { Services } from './services';

type LockHandlers = Pick<Handlers, 'lock.status' | 'lock.unlock' | 'lock.lockNow' | 'lock.set' | 'lock.change' | 'lock.remove' | 'lock.dismissOffer'>;

/** The passphrase lock (lock.ts); every answer is the lock's new status. */
export function createLockHandlers({ lock, vault }: Services): LockHandlers {
  // From the vault's index on a cold worker: parsing 1,000 sealed entries would hold up the popup's header.
  const status = async () => lock.status(await vault.holdsKey());
  const then = (action: () => Promise<void>) => async () => (await action(), status());
  return {
    'lock.status': status,
    'lock.unlock': ({ passphrase }) => then(() => lock.unlock(passphrase))(),
    'lock.lockNow': then(lock.lockNow),
    'lock.set': ({ passphrase }) => then(() => lock.set(passphrase))(),
    'lock.change': ({ current, next }) => then(() => lock.change(current, next))(),
    'lock.remove': ({ current }) => then(() => lock.remove(current))(),
    'lock.dismissOffer': then(lock.dismissOffer),
  };
}
