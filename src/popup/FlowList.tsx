import { useState } from 'preact/hooks';
import { ACTIVE_PHASES, type FlowView } from '../shared/flow';
import type { AddKeyPrefill } from './AddKeyForm';
import { messageOf, useApi } from './api';
import { t } from './i18n';

/** Key requests under way or just ended: progress, time left, and what to do next. */
export function FlowList({
  flows,
  now,
  onAddManually,
}: {
  flows: FlowView[];
  now: number;
  onAddManually: (prefill: AddKeyPrefill) => void;
}) {
  if (flows.length === 0) return null;
  return (
    <section class="flows" aria-label={t('keyRequests')}>
      <h2>{t('keyRequests')}</h2>
      <ul>
        {flows.map((flow) => (
          <FlowRow key={flow.id} flow={flow} now={now} onAddManually={onAddManually} />
        ))}
      </ul>
    </section>
  );
}

function FlowRow({
  flow,
  now,
  onAddManually,
}: {
  flow: FlowView;
  now: number;
  onAddManually: (prefill: AddKeyPrefill) => void;
}) {
  const api = useApi();
  const { send } = api;
  const [error, setError] = useState<string | null>(null);
  const [basicUser, setBasicUser] = useState('');
  const [basicPassword, setBasicPassword] = useState('');
  const active = ACTIVE_PHASES.has(flow.phase);
  const act = (action: () => Promise<unknown>) => () => {
    setError(null);
    action().catch((failure: unknown) => setError(messageOf(failure)));
  };
  const retry = (basicAuth?: { user: string; password: string }) =>
    act(async () => {
      await send('flow.dismiss', { id: flow.id });
      await send('flow.start', { serviceUrl: flow.serviceUrl, app: flow.app, ...(flow.user ? { user: flow.user } : {}), ...(basicAuth ? { basicAuth } : {}) });
    });

  return (
    <li class={`flow ${flow.phase}`} aria-label={`${flow.app} · ${flow.serviceUrl}`}>
      <div class="credential-head">
        <strong>{flow.app}</strong>
        <span class="muted">{new URL(flow.serviceUrl).host}</span>
        {active && flow.expiresAt !== undefined && (
          <span class="muted" aria-label="time left">
            {t('timeLeft', clock(flow.expiresAt - now))}
          </span>
        )}
      </div>
      <p role={flow.phase === 'failed' ? 'alert' : 'status'}>{flow.message}</p>
      {flow.outcome === 'basic-auth' && (
        <div class="basic-auth">
          <label>
            {t('basicAuthUser')}
            <input type="text" value={basicUser} autoComplete="off" onInput={(e) => setBasicUser(e.currentTarget.value)} />
          </label>
          <label>
            {t('basicAuthPassword')}
            <input type="password" value={basicPassword} autoComplete="off" onInput={(e) => setBasicPassword(e.currentTarget.value)} />
          </label>
        </div>
      )}
      <div class="actions">
        {active && flow.canOpen && (
          <button type="button" class="primary" onClick={act(() => send('flow.open', { id: flow.id }))}>
            {t('openOctoPrint')}
          </button>
        )}
        {active && (
          <button type="button" onClick={act(() => send('flow.cancel', { id: flow.id }))}>
            {t('cancel')}
          </button>
        )}
        {flow.outcome === 'unsupported' && (
          <button type="button" class="primary" onClick={() => onAddManually({ provider: flow.provider, serviceUrl: flow.serviceUrl, app: flow.app })}>
            {t('addByHand')}
          </button>
        )}
        {flow.outcome === 'basic-auth' && (
          <button type="button" class="primary" onClick={retry({ user: basicUser, password: basicPassword })}>
            {t('tryAgain')}
          </button>
        )}
        {!active && flow.outcome !== 'saved' && flow.outcome !== 'basic-auth' && flow.outcome !== 'unsupported' && (
          <button type="button" onClick={retry()}>
            {t('tryAgain')}
          </button>
        )}
        {!active && (
          <button type="button" onClick={act(() => send('flow.dismiss', { id: flow.id }))}>
            {t('dismiss')}
          </button>
        )}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function clock(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
