import { useState } from 'preact/hooks';
import { messageOf } from '../api';
import { t } from '../i18n';
import { useLock } from './lock-context';

/** In the header: "Locked" with Unlock, or Lock now; nothing while no passphrase is set. */
export function LockIndicator() {
  const lock = useLock();
  const [locking, setLocking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!lock.status?.enabled) return null;
  const lockNow = () => {
    setLocking(true);
    setError(null);
    lock
      .run('lock.lockNow', {})
      .catch((failure: unknown) => setError(messageOf(failure)))
      .finally(() => setLocking(false));
  };
  return (
    <div class="lock-indicator" role="group" aria-label={t('lockIndicator')}>
      {lock.status.locked ? (
        <>
          <span class="lock-state" role="status">
            {t('lockedBadge')}
          </span>
          <button type="button" onClick={lock.openPrompt} disabled={lock.prompt !== null}>
            {t('unlock')}
          </button>
        </>
      ) : (
        <button type="button" onClick={lockNow} disabled={locking}>
          {locking ? t('locking') : t('lockNow')}
        </button>
      )}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
