import { useState } from 'preact/hooks';
import type { CredentialView } from '../../shared/credential';
import { messageOf, useApi } from '../api';
import { t } from '../i18n';
import { isLocked } from '../lock/guarded-api';
import { useAnnounce } from '../shell/announcer';
import { dateTime, readableTime, relativeTime } from '../time';
import { ConnectionFields } from './ConnectionFields';
import { QrImage, useKeyQr } from './KeyQr';
import { RenameForm } from './RenameForm';

type Confirming = 'remove' | 'revoke' | null;

/**
 * The expanded row: dates, the last check, the key (revealed on request, hidden again when the row
 * closes because this component goes), and what acts on it. Only one row is expanded, so its
 * buttons are unique on the page with their plain names.
 */
export function RowDetails({
  id,
  credential,
  label,
  now,
  serverWarnings,
}: {
  id: string;
  credential: CredentialView;
  label: string;
  now: number;
  serverWarnings: ReadonlySet<string>;
}) {
  const api = useApi();
  const { send } = api;
  const announce = useAnnounce();
  const [revealed, setRevealed] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [renaming, setRenaming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [revokeFailed, setRevokeFailed] = useState(false);
  const provider = api.providers.find(credential.provider);
  const verification = credential.verification;
  const hasKey = Boolean(credential.maskedKey);
  const qr = useKeyQr(credential, setError);

  const act = (action: () => Promise<void>) => async () => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };
  const reveal = act(async () => {
    setRevealed(revealed === null ? (await send('vault.reveal', { id: credential.id })).apiKey : null);
  });
  const remove = act(async () => {
    setConfirming(null);
    await send('vault.remove', { id: credential.id });
    announce(t('deleted', credential.app));
  });
  const verify = act(async () => {
    setVerifying(true);
    try {
      await send('credential.verify', { id: credential.id });
    } finally {
      setVerifying(false);
    }
  });
  const revoke = act(async () => {
    setConfirming(null);
    try {
      await send('credential.revoke', { id: credential.id });
    } catch (failure) {
      // Never pretend: offer to forget it locally instead (but not when it was only locked).
      if (!isLocked(failure)) setRevokeFailed(true);
      throw failure;
    }
    announce(t('revoked', credential.app));
  });

  return (
    <div class="row-details" id={id} role="group" aria-label={t('detailsFor', label)}>
      <p class="muted">
        <span title={dateTime(credential.createdAt)}>{t('added', relativeTime(credential.createdAt, now))}</span>
        {credential.expiresAt !== undefined && (
          <>
            {' · '}
            <span title={dateTime(credential.expiresAt)}>
              {credential.expiresAt <= now ? t('expired') : t('expires', readableTime(credential.expiresAt, now))}
            </span>
          </>
        )}
      </p>
      {verification ? (
        <div class={verification.ok ? 'verification ok' : 'verification bad'}>
          <span>{verification.ok ? t('verifiedOk', verification.summary) : t('verifiedBad', verification.summary)}</span>
          {verification.warnings.some((w) => !serverWarnings.has(w)) && (
            <ul class="warnings">
              {verification.warnings
                .filter((w) => !serverWarnings.has(w))
                .map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
            </ul>
          )}
        </div>
      ) : (
        provider?.verify && hasKey && <p class="muted">{t('notVerified')}</p>
      )}
      {hasKey && (
        <code class="key" data-testid="key">
          {revealed ?? credential.maskedKey}
        </code>
      )}
      <ConnectionFields credential={credential} onError={setError} />
      {renaming ? (
        <RenameForm credential={credential} onDone={() => setRenaming(false)} />
      ) : confirming ? (
        <div class="actions confirm" role="group" aria-label={confirming === 'remove' ? t('removeLocal') : t('revokeOnServer')}>
          <span>{confirming === 'remove' ? t('confirmRemoveLocal', credential.app) : t('confirmRevokeOnServer', credential.app)}</span>
          <button type="button" class="danger" onClick={confirming === 'remove' ? remove : revoke}>
            {confirming === 'remove' ? t('removeLocal') : t('revokeOnServer')}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <div class="actions">
          {hasKey && (
            <button type="button" onClick={reveal}>
              {revealed ? t('hide') : t('reveal')}
            </button>
          )}
          {hasKey && (
            <button type="button" aria-expanded={qr.modules !== null} onClick={() => void qr.toggle()}>
              {qr.modules ? t('qrHide') : t('qrShow')}
            </button>
          )}
          {provider?.verify && hasKey && (
            <button type="button" onClick={verify} disabled={verifying}>
              {verifying ? t('verifying') : t('verify')}
            </button>
          )}
          <button type="button" onClick={() => void api.openTab(credential.serviceUrl)}>
            {t('openServerTab')}
          </button>
          <button type="button" onClick={() => setRenaming(true)}>
            {t('rename')}
          </button>
          {provider?.revoke && hasKey && (
            <button type="button" class="danger solid" onClick={() => setConfirming('revoke')}>
              {t('revokeOnServer')}
            </button>
          )}
          <button type="button" class="quiet" onClick={() => (revokeFailed ? void remove() : setConfirming('remove'))}>
            {revokeFailed ? t('forgetLocally') : t('removeLocal')}
          </button>
        </div>
      )}
      {qr.modules && <QrImage modules={qr.modules} app={credential.app} />}
      {error && (
        <p class="error" role="alert">
          {error}
          {revokeFailed && <> {t('forgetLocallyHelp')}</>}
        </p>
      )}
    </div>
  );
}
