import { KeyDeckError } from '../../shared/errors';
import type { Handlers } from '../router';
import type { Services } from './services';

type LockHandlers = Pick<Handlers, 'lock.status' | 'lock.unlock' | 'lock.lockNow' | 'lock.set' | 'lock.change' | 'lock.remove' | 'lock.dismissOffer'>;

// TEMPORARY while the lock is being built (lead): replaced before this lands anywhere.
export function createLockHandlers(_services: Services): LockHandlers {
  const notYet = async (): Promise<never> => {
    throw new KeyDeckError('unsupported', 'The passphrase lock is not built yet.');
  };
  return { 'lock.status': notYet, 'lock.unlock': notYet, 'lock.lockNow': notYet, 'lock.set': notYet, 'lock.change': notYet, 'lock.remove': notYet, 'lock.dismissOffer': notYet };
}
