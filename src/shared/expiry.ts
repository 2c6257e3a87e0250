const DAY = 86_400_000;

export type ExpiryState = 'none' | 'ok' | 'soon' | 'expired';

/** Where a key stands: no expiry, fine, within the warning window, or past its date. */
export function expiryState(expiresAt: number | undefined, now: number, warnDays: number): ExpiryState {
  if (expiresAt === undefined) return 'none';
  if (expiresAt <= now) return 'expired';
  return expiresAt - now <= warnDays * DAY ? 'soon' : 'ok';
}

/** How many keys need attention: the toolbar badge and the popup's warning both count this way. */
export function expiryCounts(list: readonly { expiresAt?: number }[], now: number, warnDays: number): { soon: number; expired: number } {
  let soon = 0;
  let expired = 0;
  for (const { expiresAt } of list) {
    const state = expiryState(expiresAt, now, warnDays);
    if (state === 'soon') soon++;
    else if (state === 'expired') expired++;
  }
  return { soon, expired };
}
