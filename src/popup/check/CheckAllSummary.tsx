import { useEffect, useRef, useState } from 'preact/hooks';
import type { CredentialView } from '../../shared/credential';
import type { CheckResult } from '../../shared/messages';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { messageOf, useApi } from '../api';
import { t } from '../i18n';
import { useStored } from '../use-stored';
import { BUCKETS, bucketIds } from './check-buckets';
import './check-all.css';

/** Keys per `vault.checkAll` message: small enough for progress to move, the background runs 4 at a time. */
export const CHECK_BATCH = 8;

/** The key list's filter (part KEYS: CredentialList's `filter` prop, with its own onClear). */
export interface CheckFilter {
  label: string;
  ids: ReadonlySet<string>;
}

export interface CheckAllSummaryProps {
  /** The vault's entries as the list shows them. */
  credentials: readonly CredentialView[];
  /** A count was clicked: show only those keys. */
  onFilter(filter: CheckFilter): void;
  /** The popup's one live region (shell/announcer's useAnnounce()); the outcome is announced through it. */
  announce?(text: string): void;
  now?: number;
}

interface Run {
  total: number;
  done: number;
  outcomes: Map<string, CheckResult['outcome']>;
  state: 'running' | 'done' | 'stopped';
  error?: string;
}

/**
 * "Check all keys": verifies every key KeyDeck can verify, in batches (progress between them), and
 * sums up the outcomes — working, refused, unreachable, expiring… — each count a button that filters
 * the list to those keys. The lock is handled by the api (an answer `locked` asks for the passphrase
 * and sends that batch again); Stop ends the run after the batch under way.
 */
export function CheckAllSummary({ credentials, onFilter, announce, now = Date.now() }: CheckAllSummaryProps) {
  const api = useApi();
  const warnDays = (useStored(api.store.settings) ?? DEFAULT_SETTINGS).expiryWarningDays;
  const [run, setRun] = useState<Run | null>(null);
  const stopping = useRef(false);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);

  async function start() {
    const checkable = credentials.filter((c) => api.providers.find(c.provider)?.verify && c.secretFields.includes('apiKey'));
    const outcomes = new Map<string, CheckResult['outcome']>(
      credentials.filter((c) => !checkable.includes(c)).map((c) => [c.id, 'unchecked'] as const),
    );
    const ids = checkable.map((c) => c.id);
    stopping.current = false;
    let current: Run = { total: ids.length, done: 0, outcomes, state: 'running' };
    setRun(current);
    for (let at = 0; at < ids.length && !stopping.current && mounted.current; at += CHECK_BATCH) {
      try {
        const { checked } = await api.send('vault.checkAll', { ids: ids.slice(at, at + CHECK_BATCH) });
        for (const { id, outcome } of checked) outcomes.set(id, outcome);
        current = { ...current, done: Math.min(ids.length, at + CHECK_BATCH) };
      } catch (error) {
        current = { ...current, state: 'stopped', error: messageOf(error) };
        break;
      }
      if (mounted.current) setRun(current);
    }
    if (!mounted.current) return;
    if (current.state === 'running') current = { ...current, state: current.done < current.total ? 'stopped' : 'done' };
    setRun(current);
    announce?.(summaryText(current, credentials, now, warnDays));
  }

  // Nothing to check in an empty vault: no button that could only say so.
  if (credentials.length === 0) return null;
  const groups = run ? bucketIds(run.outcomes, credentials, now, warnDays) : null;
  return (
    <section class="check-all" aria-label={t('checkAllTitle')}>
      <div class="bar-actions">
        <button type="button" onClick={() => void start()} disabled={run?.state === 'running'}>
          {run && run.state !== 'running' ? t('checkAllAgain') : t('checkAllTitle')}
        </button>
        {run?.state === 'running' && (
          <button type="button" onClick={() => void (stopping.current = true)}>
            {t('checkAllStop')}
          </button>
        )}
      </div>
      {run && (
        <>
          {run.state === 'running' && <progress max={Math.max(run.total, 1)} value={run.done} aria-label={t('checkAllProgressLabel')} />}
          <p class="muted">{statusText(run)}</p>
          {run.error && <p class="error">{run.error}</p>}
        </>
      )}
      {groups && (
        <ul class="check-all-counts">
          {BUCKETS.filter(({ bucket }) => groups[bucket].size > 0).map(({ bucket, count, filter }) => (
            <li key={bucket}>
              <button type="button" class={`check-${bucket}`} title={t('checkAllShow', t(filter))} onClick={() => onFilter({ label: t(filter), ids: groups[bucket] })}>
                {t(count, String(groups[bucket].size))}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function statusText(run: Run): string {
  if (run.state === 'running') return t('checkAllRunning', String(run.done), String(run.total));
  if (run.total === 0) return t('checkAllNothing');
  return t(run.state === 'done' ? 'checkAllDone' : 'checkAllStopped', String(run.done), String(run.total));
}

/** What the live region says at the end: the status and each count. */
function summaryText(run: Run, credentials: readonly CredentialView[], now: number, warnDays: number): string {
  const groups = bucketIds(run.outcomes, credentials, now, warnDays);
  const counts = BUCKETS.filter(({ bucket }) => groups[bucket].size > 0).map(({ bucket, count }) => t(count, String(groups[bucket].size)));
  return [statusText(run), counts.join(', '), run.error ?? ''].filter(Boolean).join(' ');
}
