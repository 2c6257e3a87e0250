import { KeyDeckError } from '../../../src/shared/errors';
import { MIN_PASSPHRASE_LENGTH, type LockStatus } from '../../../src/shared/lock';
import type { FakeApi } from './fake-api';

export interface FakeLockState {
  /** null: no passphrase set. */
  passphrase: string | null;
  locked: boolean;
  offer: boolean;
  /** What status says about the wait after a wrong try (the fake does not count tries). */
  retryInMs: number;
  /** When set, every passphrase check is refused with slow-down (as after many wrong tries). */
  slowDown: boolean;
}

/**
 * The lock's messages answered the way the background does, over a little state the test can read
 * and change: wrong passphrases, too-short ones, slow-down, and `locked` for secret-reading actions.
 */
export function installFakeLock(api: FakeApi, initial: Partial<FakeLockState> = {}) {
  const state: FakeLockState = { passphrase: null, locked: false, offer: false, retryInMs: 0, slowDown: false, ...initial };
  const status = (): LockStatus => ({
    enabled: state.passphrase !== null,
    locked: state.passphrase !== null && state.locked,
    autoLockMinutes: 15,
    retryInMs: state.retryInMs,
    offer: state.offer,
  });
  const checked = async (passphrase: string) => {
    if (state.slowDown) throw new KeyDeckError('slow-down', 'Too many wrong passphrases: try again in a while.');
    if (passphrase !== state.passphrase) throw new KeyDeckError('wrong-passphrase', 'That passphrase is not the right one.');
  };
  const strong = (passphrase: string) => {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new KeyDeckError('invalid-input', 'The passphrase is too short.');
  };
  api.handle('lock.status', async () => status());
  api.handle('lock.unlock', async ({ passphrase }) => {
    await checked(passphrase);
    state.locked = false;
    return status();
  });
  api.handle('lock.lockNow', async () => {
    state.locked = true;
    return status();
  });
  api.handle('lock.set', async ({ passphrase }) => {
    strong(passphrase);
    Object.assign(state, { passphrase, locked: false, offer: false });
    return status();
  });
  api.handle('lock.change', async ({ current, next }) => {
    await checked(current);
    strong(next);
    state.passphrase = next;
    return status();
  });
  api.handle('lock.remove', async ({ current }) => {
    await checked(current);
    Object.assign(state, { passphrase: null, locked: false });
    return status();
  });
  api.handle('lock.dismissOffer', async () => {
    state.offer = false;
    return status();
  });
  /** For the handlers of actions that need a secret: throws as the background does while locked. */
  const needsSecret = () => {
    if (status().locked) throw new KeyDeckError('locked', 'KeyDeck is locked: unlock it first.');
  };
  return { state, needsSecret };
}
