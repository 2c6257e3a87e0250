import type { AccountKeyView } from '../../providers/types';
import { t } from '../i18n';
import { relativeTime } from '../time';

/** The account's keys as the server lists them; while a new list is on its way the old one says so. */
export function AccountKeyList({ keys, refreshing, onDelete }: { keys: AccountKeyView[]; refreshing: boolean; onDelete: (credentialId: string) => void }) {
  const now = Date.now();
  if (keys.length === 0) return <p class="muted">{refreshing ? t('refreshing') : t('noServerKeys')}</p>;
  return (
    <>
      {refreshing && (
        <p class="muted" role="status">
          {t('refreshing')}
        </p>
      )}
      <ul aria-label={t('listKeys')} aria-busy={refreshing}>
        {keys.map((key) => (
          <li key={`${key.shown}|${key.credentialId ?? ''}`} class="credential" aria-label={key.label}>
            <div class="credential-head">
              <strong>{key.label}</strong>
              <code>{key.shown}</code>
              {key.held && <span class="notice">{t('heldByKeyDeck')}</span>}
              {key.goneOnServer && <span class="error">{t('goneOnServer')}</span>}
              {key.expiresAt !== undefined && (
                <span class={key.expired ? 'expiry expired' : 'expiry'}>{key.expired ? t('expired') : t('expires', relativeTime(key.expiresAt, now))}</span>
              )}
            </div>
            {key.held && key.credentialId && !key.goneOnServer && (
              <div class="actions">
                <button type="button" onClick={() => onDelete(key.credentialId!)}>
                  {t('deleteOnServer')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
