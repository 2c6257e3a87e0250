import { useState } from 'preact/hooks';
import type { CredentialView } from '../shared/credential';
import { expiryState } from '../shared/expiry';
import { messageOf, useApi } from './api';
import { t } from './i18n';
import { isLocked } from './lock/guarded-api';
import { dateTime, relativeTime } from './time';

/** One key: who it is for, masked, and what can be done with it. */
export function CredentialRow({
  credential,
  now,
  warnDays,
  onNotice,
}: {
  credential: CredentialView;
  now: number;
  warnDays: number;
  onNotice: (message: string) => void;
}) {
  const api = useApi();
  const { send } = api;
  const [revealed, setRevealed] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<'delete' | 'revoke' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [revokeFailed, setRevokeFailed] = useState(false);
  const provider = api.providers.find(credential.provider);
  const label = `${api.providers.label(credential.provider)} · ${credential.app}`;
  const verification = credential.verification;

  const act = (action: () => Promise<void>) => async () => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  const copy = act(async () => {
    const { clearAfterSeconds } = await send('vault.copy', { id: credential.id });
    onNotice(t('copied', String(clearAfterSeconds)));
  });
  const reveal = act(async () => {
    setRevealed(revealed === null ? (await send('vault.reveal', { id: credential.id })).apiKey : null);
  });
  const remove = act(async () => {
    await send('vault.remove', { id: credential.id });
    onNotice(t('deleted', credential.app));
  });
  const verify = act(async () => {
    setVerifying(true);
    try {
      await send('credential.verify', { id: credential.id });
    } finally {
      setVerifying(false);
    }
  });
  const revoke = async () => {
    setConfirming(null);
    await act(async () => {
      try {
        await send('credential.revoke', { id: credential.id });
      } catch (failure) {
        // Never pretend: offer to forget it locally instead (but not when it was only locked).
        if (!isLocked(failure)) setRevokeFailed(true);
        throw failure;
      }
      onNotice(t('revoked', credential.app));
    })();
  };

  return (
    <li class="credential" aria-label={label}>
      <div class="credential-head">
        <span class="provider">{api.providers.label(credential.provider)}</span>
        {credential.user && <span class="user">{credential.user}</span>}
        <span class="age muted" title={dateTime(credential.createdAt)}>
          {t('added', relativeTime(credential.createdAt, now))}
        </span>
        {credential.expiresAt !== undefined && (
          <span class={`expiry ${expiryState(credential.expiresAt, now, warnDays)}`}>
            {credential.expiresAt <= now ? t('expired') : t('expires', relativeTime(credential.expiresAt, now))}
          </span>
        )}
      </div>
      {verification && (
        <div class={verification.ok ? 'verification ok' : 'verification bad'}>
          <span>{verification.ok ? t('verifiedOk', verification.summary) : t('verifiedBad', verification.summary)}</span>
          {verification.warnings.length > 0 && (
            <ul class="warnings">
              {verification.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {credential.maskedKey && (
        <code class="key" data-testid="key">
          {revealed ?? credential.maskedKey}
        </code>
      )}
      {confirming ? (
        <div class="actions confirm" role="group">
          <span>{confirming === 'delete' ? t('confirmDelete', credential.app) : t('confirmRevoke', credential.app)}</span>
          <button type="button" class="danger" onClick={confirming === 'delete' ? remove : revoke}>
            {confirming === 'delete' ? t('delete') : t('revoke')}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <div class="actions">
          {credential.maskedKey && (
            <>
              <button type="button" onClick={copy} aria-label={`${t('copy')} ${label}`}>
                {t('copy')}
              </button>
              <button type="button" onClick={reveal} aria-label={`${revealed ? t('hide') : t('reveal')} ${label}`}>
                {revealed ? t('hide') : t('reveal')}
              </button>
            </>
          )}
          {provider?.verify && credential.maskedKey && (
            <button type="button" onClick={verify} disabled={verifying} aria-label={`${t('verify')} ${label}`}>
              {verifying ? t('verifying') : t('verify')}
            </button>
          )}
          {provider?.revoke && credential.maskedKey && (
            <button type="button" onClick={() => setConfirming('revoke')} aria-label={`${t('revoke')} ${label}`}>
              {t('revoke')}
            </button>
          )}
          <button
            type="button"
            onClick={() => (revokeFailed ? void remove() : setConfirming('delete'))}
            aria-label={`${revokeFailed ? t('forgetLocally') : t('delete')} ${label}`}
          >
            {revokeFailed ? t('forgetLocally') : t('delete')}
          </button>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
          {revokeFailed && <> {t('forgetLocallyHelp')}</>}
        </p>
      )}
    </li>
  );
}
