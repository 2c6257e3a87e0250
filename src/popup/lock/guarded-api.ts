import { KeyDeckError } from '../../shared/errors';
import type { MessageType } from '../../shared/messages';
import type { KeyDeckApi } from '../api';

/** Asked when an action met the lock: resolves true once the user unlocked, false if they gave up. */
export type AskToUnlock = (type: MessageType) => Promise<boolean>;

export const isLocked = (error: unknown): error is KeyDeckError => error instanceof KeyDeckError && error.code === 'locked';

/**
 * The popup's api with the lock handled once for every action: a message answered `locked` waits
 * for the user to unlock, then is sent again, once; given up, it fails with the original error.
 * Components keep calling `send` as before and never learn about the prompt.
 */
export function withUnlockPrompt(api: KeyDeckApi, ask: AskToUnlock): KeyDeckApi {
  return {
    ...api,
    async send(type, payload) {
      try {
        return await api.send(type, payload);
      } catch (error) {
        if (!isLocked(error) || type.startsWith('lock.')) throw error;
        if (!(await ask(type))) throw error;
        return api.send(type, payload);
      }
    },
  };
}
