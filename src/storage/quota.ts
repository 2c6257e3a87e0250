import { t } from '../shared/i18n';
import { KeyDeckError } from '../shared/errors';

/**
 * The browser refused a write because KeyDeck's storage is full. As observed: Chromium 156 says
 * "Resource::kQuotaBytes quota exceeded" (storage.local; older Chrome "QUOTA_BYTES quota exceeded")
 * and "Session storage quota bytes exceeded. Values were not stored." (storage.session); Firefox ESR
 * 153 "QuotaExceededError: storage.session API call exceeded its quota limitations." (its
 * storage.local has no 10 MB quota; a full disk gives a QuotaExceededError there). Write-rate limits
 * (the sync area's, which KeyDeck never uses) are not this.
 */
export function isQuotaError(error: unknown): boolean {
  if ((error as { name?: unknown } | null)?.name === 'QuotaExceededError') return true;
  const message = String((error as { message?: unknown } | null)?.message ?? error);
  return /quota[ _]?bytes|quota limitations|QuotaExceeded/i.test(message) && !/WRITE_OPERATIONS/i.test(message);
}

export const storageFull = () =>
  new KeyDeckError('storage-full', t('errStorageFull'));
