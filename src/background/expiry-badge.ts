import { expiryCounts } from '../shared/expiry';
import type { Settings } from '../shared/settings';
import type { Vault } from './vault';

export interface ExpiryBadgeDeps {
  vault: Vault;
  settings: () => Promise<Settings>;
  /** The badge for all tabs (a tab showing OctoPrint keeps its own). */
  setBadge(text: string, title: string): Promise<void>;
  now?: () => number;
}

/** The toolbar warns when keys are about to expire or have expired; it never deletes them. */
export async function updateExpiryBadge({ vault, settings, setBadge, now = Date.now }: ExpiryBadgeDeps): Promise<void> {
  const credentials = await vault.list().catch(() => []);
  const { expiryWarningDays } = await settings();
  const { soon, expired } = expiryCounts(credentials, now(), expiryWarningDays);
  if (soon + expired === 0) return setBadge('', 'KeyDeck');
  const parts = [expired ? `${expired} expired` : '', soon ? `${soon} expiring within ${expiryWarningDays} days` : ''].filter(Boolean);
  await setBadge(String(soon + expired), `KeyDeck: ${parts.join(', ')}`);
}
