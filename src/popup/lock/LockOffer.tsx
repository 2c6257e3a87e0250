import { useState } from 'preact/hooks';
import { messageOf } from '../api';
import { t } from '../i18n';
import { useLock } from './lock-context';

/** Once the vault holds a key and no passphrase is set: a calm offer, until "Not now". */
export function LockOffer({ onSetUp }: { onSetUp: () => void }) {
  const lock = useLock();
  const [error, setError] = useState<string | null>(null);
  if (!lock.status?.offer || lock.status.enabled) return null;
  return (
    <section class="banner offer" aria-label={t('lockOfferTitle')}>
      <p>{t('lockOfferTitle')}</p>
      <div class="actions">
        <button type="button" class="primary" onClick={onSetUp}>
          {t('lockSet')}
        </button>
        <button type="button" onClick={() => void lock.run('lock.dismissOffer', {}).catch((failure: unknown) => setError(messageOf(failure)))}>
          {t('notNow')}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
