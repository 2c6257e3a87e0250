import type { CaptureResult } from '../shared/capture';
import type { AddKeyPrefill } from './AddKeyForm';
import { useApi } from './api';
import { t } from './i18n';

/** What finish pages handed over lately, and what to do when the portal could not make a key. */
export function CaptureList({
  captures: results,
  onAddManually,
}: {
  captures: CaptureResult[];
  onAddManually: (prefill: AddKeyPrefill) => void;
}) {
  const { send } = useApi();
  if (results.length === 0) return null;
  return (
    <section class="flows" aria-label={t('captures')}>
      <h2>{t('captures')}</h2>
      <ul>
        {results.map((result) => (
          <li key={result.id} class={`flow ${result.ok ? 'done' : 'failed'}`} aria-label={`${result.app} · ${result.serviceUrl}`}>
            <p role={result.ok ? 'status' : 'alert'}>{result.message}</p>
            <div class="actions">
              {result.missingKey && (
                <button type="button" class="primary" onClick={() => onAddManually({ provider: result.provider, serviceUrl: result.serviceUrl, app: result.app })}>
                  {t('addByHand')}
                </button>
              )}
              <button type="button" onClick={() => void send('capture.dismiss', { id: result.id }).catch(() => undefined)}>
                {t('dismiss')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
