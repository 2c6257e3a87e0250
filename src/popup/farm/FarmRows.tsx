import { Component } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ACTIVE_ROW_STATES, RETRYABLE_ROW_STATES, type FarmRow, type FarmRowState, type FarmView } from '../../shared/farm';
import { farmProgress } from '../../shared/farm-rows';
import { AddKeyForm } from '../AddKeyForm';
import { messageOf, useApi } from '../api';
import { t, type MessageKey } from '../i18n';

const STATE_LABELS: Record<FarmRowState, MessageKey> = {
  queued: 'farmStateQueued',
  probing: 'farmStateProbing',
  unreachable: 'farmStateUnreachable',
  'not-octoprint': 'farmStateNotOctoPrint',
  'no-plugin': 'farmStateNoPlugin',
  'not-set-up': 'farmStateNotSetUp',
  'basic-auth': 'farmStateBasicAuth',
  starting: 'farmStateStarting',
  waiting: 'farmStateWaiting',
  'rate-limited': 'farmStateRateLimited',
  allowed: 'farmStateAllowed',
  verified: 'farmStateVerified',
  denied: 'farmStateDenied',
  failed: 'farmStateFailed',
  cancelled: 'farmStateCancelled',
};

/** The farm's servers: progress, Retry all failed, Cancel all, and one row per server with its live state. */
export function FarmRows({ farm, provider, onChanged }: { farm: FarmView; provider: string; onChanged: () => void }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const progress = farmProgress(farm.rows);
  const act = (action: () => Promise<unknown>) => () => {
    setError(null);
    action().then(onChanged, (failure: unknown) => setError(messageOf(failure)));
  };
  const anyFailed = farm.rows.some((row) => RETRYABLE_ROW_STATES.has(row.state));
  const anyActive = farm.rows.some((row) => ACTIVE_ROW_STATES.has(row.state));

  return (
    <section class="farm-rows" aria-label={t('farmRows')}>
      <h2>{t('farmFor', farm.app)}</h2>
      <progress aria-label={t('farmProgress')} value={progress.ended} max={Math.max(progress.total, 1)} />
      <p role="status">{t('farmProgressText', String(progress.ended), String(progress.total), String(progress.withKey))}</p>
      <div class="actions">
        <button type="button" disabled={!anyFailed} onClick={act(() => api.send('farm.retryFailed', {}))}>
          {t('farmRetryFailed')}
        </button>
        <button type="button" disabled={!anyActive} onClick={act(() => api.send('farm.cancelAll', {}))}>
          {t('farmCancelAll')}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {farm.rows.map((row) => (
          <Row key={row.url} row={row} app={farm.app} provider={provider} onChanged={onChanged} />
        ))}
      </ul>
    </section>
  );
}

type RowProps = { row: FarmRow; app: string; provider: string; onChanged: () => void };

/**
 * A farm of 200 is fetched again up to 4 times a second: a row whose content did not change is not
 * drawn again (the fetched rows are new objects each time, so they are compared by content). The
 * clock is not a prop: a waiting row's countdown follows it by itself (`Countdown`).
 */
class Row extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const current = this.props;
    return !(current.app === next.app && current.provider === next.provider && JSON.stringify(current.row) === JSON.stringify(next.row));
  }
  override render() {
    return <RowView {...this.props} />;
  }
}

function RowView({ row, app, provider, onChanged }: RowProps) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [manual, setManual] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const act = (action: () => Promise<unknown>) => () => {
    setError(null);
    action().then(onChanged, (failure: unknown) => setError(messageOf(failure)));
  };
  const failed = RETRYABLE_ROW_STATES.has(row.state) || row.state === 'no-plugin';
  return (
    <li class={`farm-row ${row.state}`} aria-label={row.url}>
      <div class="credential-head">
        <strong>{row.name ?? new URL(row.url).host}</strong>
        <span class="muted">{row.group ? `${row.group} · ${row.url}` : row.url}</span>
        <span class="farm-state" data-state={row.state}>
          {t(STATE_LABELS[row.state])}
        </span>
        {row.state === 'waiting' && row.expiresAt !== undefined && (
          <Countdown until={row.expiresAt} />
        )}
        {row.state === 'rate-limited' && row.retryAt !== undefined && (
          <span class="muted">{t('farmAsksAgainAt', new Date(row.retryAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }))}</span>
        )}
      </div>
      <p role={failed ? 'alert' : 'status'}>
        {row.user && row.state !== 'verified' ? `${row.user}: ` : ''}
        {row.message}
      </p>
      {row.warnings && row.warnings.length > 0 && (
        <ul class="warnings">
          {row.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      <div class="actions">
        {row.canOpen && row.flowId && (
          <button type="button" class="primary" aria-label={t('farmOpenFor', row.url)} onClick={act(() => api.send('flow.open', { id: row.flowId! }))}>
            {t('farmOpen')}
          </button>
        )}
        {failed && (
          <button type="button" aria-label={t('farmRetryFor', row.url)} onClick={act(() => api.send('farm.retry', { url: row.url }))}>
            {t('farmRetry')}
          </button>
        )}
        {row.state === 'no-plugin' && !manual && (
          <button type="button" class="primary" onClick={() => setManual(true)}>
            {t('addByHand')}
          </button>
        )}
      </div>
      {manual && (
        // Manual entry, filled in for this server and the farm's app: the user pastes the key from OctoPrint's settings.
        <AddKeyForm
          prefill={{ provider, serviceUrl: row.url, app }}
          onDone={(message) => {
            setManual(false);
            setNotice(message);
            onChanged();
          }}
          onCancel={() => setManual(false)}
        />
      )}
      {notice && <p role="status">{notice}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** A waiting row's time left: only this span is drawn again each second, not the row. */
function Countdown({ until }: { until: number }) {
  const now = useClock();
  return (
    <span class="muted" aria-label={t('timeLeftLabel')}>
      {t('timeLeft', clock(until - now))}
    </span>
  );
}

/** One timer for every countdown on the page (200 waiting rows are not 200 intervals), running while any is shown. */
const ticking = new Set<(now: number) => void>();
let ticker: ReturnType<typeof setInterval> | undefined;

function useClock(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    ticking.add(setNow);
    ticker ??= setInterval(() => {
      const at = Date.now();
      for (const listener of ticking) listener(at);
    }, 1000);
    return () => {
      ticking.delete(setNow);
      if (ticking.size === 0) ticker = void clearInterval(ticker);
    };
  }, []);
  return now;
}

function clock(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
