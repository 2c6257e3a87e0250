import { useState } from 'preact/hooks';
import type { CredentialView } from '../shared/credential';
import { providerLabel } from '../shared/providers';
import { messageOf, send } from './api';
import { t } from './i18n';
import { relativeTime } from './time';

/** One key: who it is for, masked, and what can be done with it. */
export function CredentialRow({
  credential,
  now,
  onChanged,
  onNotice,
}: {
  credential: CredentialView;
  now: number;
  onChanged: () => void;
  onNotice: (message: string) => void;
}) {
  const [revealed, setRevealed] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = `${providerLabel(credential.provider)} · ${credential.app}`;

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
    onChanged();
  });

  return (
    <li class="credential" aria-label={label}>
      <div class="credential-head">
        <span class="provider">{providerLabel(credential.provider)}</span>
        {credential.user && <span class="user">{credential.user}</span>}
        <span class="age muted" title={new Date(credential.createdAt).toLocaleString()}>
          {t('added', relativeTime(credential.createdAt, now))}
        </span>
        {credential.expiresAt !== undefined && (
          <span class={credential.expiresAt < now ? 'expiry expired' : 'expiry'}>
            {credential.expiresAt < now ? t('expired') : t('expires', relativeTime(credential.expiresAt, now))}
          </span>
        )}
      </div>
      {credential.maskedKey && (
        <code class="key" data-testid="key">
          {revealed ?? credential.maskedKey}
        </code>
      )}
      {confirming ? (
        <div class="actions confirm" role="group" aria-label={t('confirmDelete', credential.app)}>
          <span>{t('confirmDelete', credential.app)}</span>
          <button type="button" class="danger" onClick={remove}>
            {t('delete')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
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
          <button type="button" onClick={() => setConfirming(true)} aria-label={`${t('delete')} ${label}`}>
            {t('delete')}
          </button>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
