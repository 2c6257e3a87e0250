import type { CredentialView } from '../../shared/credential';
import { messageOf, useApi } from '../api';
import { t } from '../i18n';
import { useFollowed } from '../use-stored';

/**
 * Every key of the farm's provider in the vault (not only this farm's), one row each — server, app,
 * user, last 4 — with a checkbox and Select all. The selection (credential ids) is what the actions
 * below the list work on.
 */
export function FarmKeys({ provider, selected, onSelect }: { provider: string; selected: readonly string[]; onSelect: (ids: string[]) => void }) {
  const api = useApi();
  const vault = useFollowed(api.credentials, api.onCredentialsChange);
  const keys = (vault.value ?? []).filter((c) => c.provider === provider);
  const chosen = new Set(selected.filter((id) => keys.some((k) => k.id === id)));
  const all = keys.length > 0 && chosen.size === keys.length;
  const toggle = (id: string, on: boolean) => onSelect(keys.map((k) => k.id).filter((k) => (k === id ? on : chosen.has(k))));

  return (
    <section class="farm-keys" aria-label={t('farmKeys', api.providers.label(provider))}>
      <h2>{t('farmKeys', api.providers.label(provider))}</h2>
      <p class="muted">{t('farmKeysHelp')}</p>
      {vault.error !== undefined && (
        <p class="error" role="alert">
          {messageOf(vault.error)}
        </p>
      )}
      {vault.value !== undefined && keys.length === 0 && <p class="muted">{t('farmNoKeys')}</p>}
      {keys.length > 0 && (
        <>
          <label class="check">
            <input type="checkbox" checked={all} onChange={(e) => onSelect(e.currentTarget.checked ? keys.map((k) => k.id) : [])} />
            {t('farmSelectAll')}
          </label>
          <p role="status">{t('farmSelected', String(chosen.size), String(keys.length))}</p>
          <ul>
            {keys.map((key) => (
              <li key={key.id}>
                <label class="check">
                  <input type="checkbox" checked={chosen.has(key.id)} onChange={(e) => toggle(key.id, e.currentTarget.checked)} />
                  {keyLabel(key)}
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export const keyLabel = (key: CredentialView) => t('farmKeyLabel', key.serviceUrl, key.app, key.user ?? '—', key.keyTail ?? '');
