import { expiryCounts } from '../shared/expiry';
import { t, tn } from '../shared/i18n';
import type { VaultEntry } from '../shared/credential';
import type { Settings } from '../shared/settings';

export interface ExpiryBadgeDeps {
  listCredentials(): Promise<VaultEntry[]>;
  settings(): Promise<Settings>;
  setBadge(text: string, title: string): Promise<void>;
  now?: () => number;
}

/** The toolbar warns when keys are about to expire or have expired; it never deletes them. */
export async function updateExpiryBadge({ listCredentials, settings, setBadge, now = Date.now }: ExpiryBadgeDeps): Promise<void> {
  const credentials = await listCredentials().catch(() => []);
  const { expiryWarningDays } = await settings();
  const { soon, expired } = expiryCounts(credentials, now(), expiryWarningDays);
  if (soon + expired === 0) return setBadge('', 'KeyDeck');
  const parts = [expired ? tn('expiryBadgeExpired', expired) : '', soon ? tn('expiryBadgeSoon', soon, String(expiryWarningDays)) : ''].filter(Boolean);
  await setBadge(String(soon + expired), t('expiryBadgeTitle', parts.join(', ')));
}
