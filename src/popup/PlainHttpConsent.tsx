import { needsPlainHttpConsent } from '../shared/private-network';
import { t } from './i18n';

/**
 * Shown while the address is plain http to a host outside the private network: says so, and the key
 * goes there only once the user ticks "Send over plain http anyway" (the background checks it too).
 */
export function PlainHttpConsent({ url, checked, onChange }: { url: string; checked: boolean; onChange: (checked: boolean) => void }) {
  if (!needsPlainHttpConsent(url)) return null;
  return (
    <div class="plain-http" role="group" aria-label={t('plainHttpTitle')}>
      <p class="error">{t('plainHttpWarning', new URL(url).host)}</p>
      <label class="check">
        <input type="checkbox" checked={checked} onChange={(event) => onChange(event.currentTarget.checked)} />
        {t('plainHttpConfirm')}
      </label>
    </div>
  );
}

/** The flag a message carries: only when asked for, so private-network messages stay as they were. */
export const plainHttpFlag = (url: string, checked: boolean) => (needsPlainHttpConsent(url) && checked ? { allowPlainHttp: true } : {});

/** What to say when the user has not confirmed yet (null when nothing is needed). */
export const plainHttpProblem = (url: string, checked: boolean) => (needsPlainHttpConsent(url) && !checked ? t('plainHttpUnconfirmed') : null);
