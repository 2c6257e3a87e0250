import { useEffect, useState } from 'preact/hooks';
import type { CredentialView } from '../../shared/credential';
import type { FdmSendResult } from '../../shared/messages';
import { useApi } from '../api';
import { t, tn } from '../i18n';
import { useFollowed } from '../use-stored';
import { useFdmSend } from './use-fdm-send';

const SAVED = new Set<FdmSendResult['status']>(['created', 'updated', 'unchanged']);

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/**
 * "Send to FDM Monster": the selected OctoPrint keys go to the FDM Monster chosen among the keys
 * KeyDeck holds for one (the registry says which providers take printer keys), and each printer's
 * row says what FDM Monster answered. The keys themselves never come to this page.
 */
export function FdmMonsterSend({ credentialIds }: { credentialIds: string[] }) {
  const api = useApi();
  const vault = useFollowed(api.credentials, api.onCredentialsChange);
  const credentials = vault.value ?? [];
  const targets = credentials.filter((c) => api.providers.find(c.provider)?.takesPrinterKeys);
  const [chosen, setChosen] = useState('');
  const targetId = targets.some((c) => c.id === chosen) ? chosen : (targets[0]?.id ?? '');
  const { state, send, saveAnyway } = useFdmSend();
  const byId = new Map(credentials.map((c) => [c.id, c]));
  const count = credentialIds.length;

  // A target that went away (removed from the vault) is no longer offered.
  useEffect(() => {
    if (chosen && !targets.some((c) => c.id === chosen)) setChosen('');
  }, [targets.map((c) => c.id).join()]);

  return (
    <section class="fdm-send" aria-label={t('fdmSendTitle')}>
      <h2>{t('fdmSendTitle')}</h2>
      {vault.value && targets.length === 0 && <p class="muted">{t('fdmNoTarget')}</p>}
      {targets.length > 0 && (
        <>
          <label>
            {t('fdmTarget')}
            <select value={targetId} disabled={state.busy} onChange={(e) => setChosen(e.currentTarget.value)}>
              {targets.map((c) => (
                <option key={c.id} value={c.id}>
                  {targetLabel(c)}
                </option>
              ))}
            </select>
          </label>
          <p class="muted">{t('fdmSendHelp')}</p>
          <button type="button" disabled={state.busy || count === 0} onClick={() => void send(targetId, credentialIds)}>
            {tn('fdmSendKeys', count)}
          </button>
          {count === 0 && <p class="muted">{t('fdmNothingSelected')}</p>}
        </>
      )}
      {state.total > 0 && (
        <p role="status">
          <progress value={state.done} max={state.total} />{' '}
          {state.busy ? t('fdmSending', String(state.done), String(state.total)) : summary(state.results, state.total)}
        </p>
      )}
      {state.error && (
        <p class="error" role="alert">
          {state.error}
        </p>
      )}
      {state.results.length > 0 && (
        <ul class="fdm-results" aria-label={t('fdmResults')}>
          {state.results.map((r) => {
            const host = hostOf(byId.get(r.credentialId)?.serviceUrl ?? r.credentialId);
            return (
              <li key={r.credentialId} aria-label={host} class={SAVED.has(r.status) ? 'ok' : 'error'}>
                <strong>{host}</strong> {r.message}{' '}
                {r.status === 'unreachable' && r.canForceSave && (
                  <button type="button" disabled={state.busy} onClick={() => void saveAnyway(targetId, r.credentialId)}>
                    {t('fdmSaveAnyway')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

const targetLabel = (c: CredentialView) => `${hostOf(c.serviceUrl)} · ${c.app} ${c.maskedKey}`;

/** "FDM Monster holds 8 of 10 keys." once a run ended. */
function summary(results: readonly FdmSendResult[], total: number): string {
  return t('fdmSent', String(results.filter((r) => SAVED.has(r.status)).length), String(total));
}
