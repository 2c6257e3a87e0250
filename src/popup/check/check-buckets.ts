import type { CredentialView } from '../../shared/credential';
import { expiryState } from '../../shared/expiry';
import type { CheckResult } from '../../shared/messages';
import type { MessageKey } from '../i18n';

export type Bucket = 'working' | 'refused' | 'unreachable' | 'failed' | 'unchecked' | 'expiring';

/** The summary's groups, in the order shown: each its count's text and the filter's label. */
export const BUCKETS: readonly { bucket: Bucket; count: MessageKey; filter: MessageKey }[] = [
  { bucket: 'working', count: 'checkAllWorking', filter: 'checkAllFilterWorking' },
  { bucket: 'refused', count: 'checkAllRefused', filter: 'checkAllFilterRefused' },
  { bucket: 'unreachable', count: 'checkAllUnreachable', filter: 'checkAllFilterUnreachable' },
  { bucket: 'failed', count: 'checkAllFailed', filter: 'checkAllFilterFailed' },
  { bucket: 'unchecked', count: 'checkAllUnchecked', filter: 'checkAllFilterUnchecked' },
  { bucket: 'expiring', count: 'checkAllExpiring', filter: 'checkAllFilterExpiring' },
];

/**
 * The ids in each group: the check's outcomes (keys removed since are left out), and, from the
 * entries themselves, the keys within the expiry warning window or past it. A key may be in two
 * groups (working and expiring).
 */
export function bucketIds(
  outcomes: ReadonlyMap<string, CheckResult['outcome']>,
  credentials: readonly CredentialView[],
  now: number,
  warnDays: number,
): Record<Bucket, Set<string>> {
  const groups: Record<Bucket, Set<string>> = { working: new Set(), refused: new Set(), unreachable: new Set(), failed: new Set(), unchecked: new Set(), expiring: new Set() };
  for (const { id, expiresAt } of credentials) {
    const outcome = outcomes.get(id);
    if (outcome && outcome !== 'gone') groups[outcome].add(id);
    const state = expiryState(expiresAt, now, warnDays);
    if (state === 'soon' || state === 'expired') groups.expiring.add(id);
  }
  return groups;
}
