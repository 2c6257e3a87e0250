import type { CredentialView } from '../../shared/credential';
import { expiryState } from '../../shared/expiry';
import { t, tn } from '../i18n';
import type { KeyFilter } from './filter';

/** "2 keys have expired… 1 key expires within 7 days.", only the counts there are, with a button that filters the list to those keys. */
export function ExpiryBanner({
  credentials,
  now,
  warnDays,
  onFilter,
}: {
  credentials: readonly CredentialView[];
  now: number;
  warnDays: number;
  onFilter(filter: Omit<KeyFilter, 'onClear'>): void;
}) {
  let soon = 0;
  let expired = 0;
  const ids = new Set<string>();
  for (const credential of credentials) {
    const state = expiryState(credential.expiresAt, now, warnDays);
    if (state === 'soon') soon++;
    else if (state === 'expired') expired++;
    else continue;
    ids.add(credential.id);
  }
  if (ids.size === 0) return null;
  return (
    <p class="expiry-banner error">
      {[
        expired > 0 && `${tn('expiredCount', expired)} ${t('expiredKept')}`,
        soon > 0 && tn('expiringCount', soon, tn('withinDays', warnDays)),
      ]
        .filter(Boolean)
        .join(' ')}{' '}
      <button type="button" onClick={() => onFilter({ label: t('expiringFilter'), ids })}>
        {t('showExpiring')}
      </button>
    </p>
  );
}
