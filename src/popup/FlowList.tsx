import { useEffect, useRef, useState } from 'preact/hooks';
import { ACTIVE_PHASES, type FlowView } from '../shared/flow';
import type { AddKeyPrefill } from './AddKeyForm';
import { messageOf, useApi } from './api';
import { t } from './i18n';
import { plainHttpFlag } from './PlainHttpConsent';
import { useAnnounce } from './shell/announcer';
import { CopySavedKey } from './shell/CopySavedKey';

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
          // A new request under the same id (Try again) is a new card: no revealed key or notice carried over.
          <FlowRow key={`${flow.id}|${flow.createdAt}`} flow={flow} now={now} onAddManually={onAddManually} />
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
  const [revealed, setRevealed] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const announce = useAnnounce();
  const active = ACTIVE_PHASES.has(flow.phase);
  // A change seen while the popup is open is said once; a card already there at opening is not read
  // out again (an old failure is not an alert at every open).
  const seenPhase = useRef(flow.phase);
  useEffect(() => {
    if (seenPhase.current === flow.phase) return;
    seenPhase.current = flow.phase;
    announce(`${flow.app}: ${flow.message}`, { toast: false });
  }, [flow.phase]);
  const act = (action: () => Promise<unknown>) => () => {
    setError(null);
    action().catch((failure: unknown) => {
      setError(messageOf(failure));
      announce(messageOf(failure), { toast: false });
    });
  };
  const retry = (basicAuth?: { user: string; password: string }) =>
    act(async () => {
      await send('flow.dismiss', { id: flow.id });
      await send('flow.start', {
        serviceUrl: flow.serviceUrl,
        app: flow.app,
        ...(flow.user ? { user: flow.user } : {}),
        ...(basicAuth ? { basicAuth } : {}),
        // The request exists only because the user confirmed plain http for this server when starting it.
        ...plainHttpFlag(flow.serviceUrl, true),
      });
    });
  // A key that arrived but is not in the vault: the user must be able to take it away and store it.
  const copyUnsaved = act(async () => {
    const { clearAfterSeconds } = await send('flow.copyUnsavedKey', { id: flow.id });
    setCopied(t('copied', String(clearAfterSeconds)));
    announce(t('copied', String(clearAfterSeconds)), { toast: false });
  });
  const revealUnsaved = act(async () => {
    setRevealed(revealed === null ? (await send('flow.revealUnsavedKey', { id: flow.id })).apiKey : null);
  });

  return (
    <li class={`flow ${flow.phase}`} aria-label={`${flow.app} · ${flow.serviceUrl}`}>
      <div class="credential-head">
        <strong>{flow.app}</strong>
        <span class="muted">{new URL(flow.serviceUrl).host}</span>
        {active && flow.expiresAt !== undefined && (
          <span class="muted" aria-label={t('timeLeftLabel')}>
            {t('timeLeft', clock(flow.expiresAt - now))}
          </span>
        )}
      </div>
      <p class="flow-message">{flow.message}</p>
      {flow.unsavedKey && revealed !== null && (
        <code class="key" data-testid="unsaved-key">
          {revealed}
        </code>
      )}
      {copied && <p>{copied}</p>}
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
        {flow.outcome === 'certificate' && (
          // The server's own page, where the browser lets the user accept its certificate.
          <button type="button" class="primary" onClick={act(() => send('flow.open', { id: flow.id }))}>
            {t('openServer', new URL(flow.serviceUrl).host)}
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
        {flow.outcome === 'saved' && flow.credentialId && (
          <CopySavedKey credentialId={flow.credentialId} app={flow.app} dismiss={() => send('flow.dismiss', { id: flow.id })} />
        )}
        {flow.unsavedKey && (
          <>
            <button type="button" class="primary" onClick={copyUnsaved} aria-label={t('copyUnsavedKey', flow.app)}>
              {t('copy')}
            </button>
            <button type="button" onClick={revealUnsaved} aria-label={t(revealed === null ? 'revealUnsavedKey' : 'hideUnsavedKey', flow.app)}>
              {revealed === null ? t('reveal') : t('hide')}
            </button>
          </>
        )}
        {/* Not for an unsaved key: starting again would drop the only copy KeyDeck holds. */}
        {!active && !flow.unsavedKey && flow.outcome !== 'saved' && flow.outcome !== 'basic-auth' && flow.outcome !== 'unsupported' && (
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
      {error && <p class="error">{error}</p>}
    </li>
  );
}

function clock(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
