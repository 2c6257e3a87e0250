import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { KeyDeckError } from '../../shared/errors';
import type { LockStatus } from '../../shared/lock';
import type { MessageType, Payload } from '../../shared/messages';
import { ApiContext, useApi } from '../api';
import { withUnlockPrompt } from './guarded-api';

type LockMessage = Extract<MessageType, `lock.${string}`>;

/** What the popup knows of the lock, and the one unlock prompt every action shares. */
export interface LockState {
  /** null until the background answered (or when it could not: see statusError). */
  status: LockStatus | null;
  statusError: unknown;
  /** When the next passphrase is accepted after wrong tries (ms since the epoch; past = now). */
  retryAt: number;
  /** Counts "Lock now"s: parts showing a revealed secret are keyed by it, so locking hides them. */
  lockEpoch: number;
  /** The unlock prompt, when open; `action` is the message waiting for it, if any. */
  prompt: { action?: MessageType } | null;
  /** Sends a lock message and takes its answer as the new status; a refused passphrase refreshes the wait. */
  run<K extends LockMessage>(type: K, payload: Payload<K>): Promise<LockStatus>;
  refresh(): Promise<void>;
  /** Asks again whether to offer the lock, when that may have changed (the vault got its first key). */
  recheckOffer(): void;
  openPrompt(): void;
  /** Closes the prompt; the actions waiting for it run again (unlocked) or fail as they were (cancelled). */
  closePrompt(unlocked: boolean): void;
}

const LockContext = createContext<LockState | null>(null);

export function useLock(): LockState {
  const lock = useContext(LockContext);
  if (!lock) throw new TypeError('useLock() outside <LockProvider>');
  return lock;
}

/** Its children under the popup's lock, starting one if none is above (a panel rendered on its own). */
export function WithLock({ children }: { children: ComponentChildren }) {
  return useContext(LockContext) ? <>{children}</> : <LockProvider>{children}</LockProvider>;
}

const PASSPHRASE_REFUSED = new Set(['wrong-passphrase', 'slow-down']);

/**
 * Follows the lock for the popup and hands its children an api whose actions, when answered
 * `locked`, ask for the passphrase in place and then run once more (guarded-api.ts).
 */
export function LockProvider({ children }: { children: ComponentChildren }) {
  const api = useApi();
  const [status, setStatus] = useState<LockStatus | null>(null);
  const [statusError, setStatusError] = useState<unknown>(undefined);
  const [retryAt, setRetryAt] = useState(0);
  const [lockEpoch, setLockEpoch] = useState(0);
  const [prompt, setPrompt] = useState<LockState['prompt']>(null);
  const waiting = useRef<Array<(unlocked: boolean) => void>>([]);

  const apply = (next: LockStatus) => {
    setStatus(next);
    setStatusError(undefined);
    setRetryAt(Date.now() + next.retryInMs);
  };
  const refresh = () =>
    api.send('lock.status', {}).then(apply, (error: unknown) => setStatusError(error));

  const guarded = useMemo(
    () =>
      withUnlockPrompt(api, (action) => {
        setStatus((old) => old && { ...old, locked: true });
        setPrompt((open) => open ?? { action });
        return new Promise<boolean>((resolve) => waiting.current.push(resolve));
      }),
    [api],
  );

  useEffect(() => void refresh(), []);

  const state: LockState = {
    status,
    statusError,
    retryAt,
    lockEpoch,
    prompt,
    async run(type, payload) {
      try {
        const next = await api.send(type, payload);
        apply(next);
        if (type === 'lock.lockNow') setLockEpoch((n) => n + 1);
        return next;
      } catch (error) {
        if (error instanceof KeyDeckError && PASSPHRASE_REFUSED.has(error.code)) await refresh();
        throw error;
      }
    },
    refresh,
    recheckOffer() {
      if (status && !status.enabled && !status.offer) void refresh();
    },
    openPrompt: () => setPrompt((open) => open ?? {}),
    closePrompt(unlocked) {
      setPrompt(null);
      const resolvers = waiting.current.splice(0);
      for (const resolve of resolvers) resolve(unlocked);
    },
  };

  return (
    <LockContext.Provider value={state}>
      <ApiContext.Provider value={guarded}>{children}</ApiContext.Provider>
    </LockContext.Provider>
  );
}
