import { useState } from 'preact/hooks';
import { checkAppName } from '../shared/validation';
import { messageOf, requestHostAccess, useApi } from './api';
import { t } from './i18n';
import { PlainHttpConsent, plainHttpFlag, plainHttpProblem } from './PlainHttpConsent';

/** "Get a key for app [name]" on an OctoPrint tab: starts the Application Keys workflow. */
export function GetKeyForm({ serviceUrl }: { serviceUrl: string }) {
  const api = useApi();
  const { send } = api;
  const [app, setApp] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [plainHttp, setPlainHttp] = useState(false);

  const submit = (event: Event) => {
    event.preventDefault();
    const invalid = checkAppName(app) ?? plainHttpProblem(serviceUrl, plainHttp);
    setProblem(invalid);
    if (invalid) return;
    // Inside the click, before any await, as browsers require.
    void requestHostAccess(api, serviceUrl)
      .then(async (granted) => {
        if (!granted) return setProblem(t('hostPermissionDeclined', new URL(serviceUrl).host));
        await send('flow.start', { serviceUrl, app, ...plainHttpFlag(serviceUrl, plainHttp) });
      })
      .catch((error: unknown) => setProblem(messageOf(error)));
  };

  return (
    <form class="get-key" onSubmit={submit} noValidate aria-label={t('getKeyFor')}>
      <label>
        {t('getKeyFor')}
        <input
          type="text"
          value={app}
          placeholder="OctoFarm, Cura, Home Assistant…"
          onInput={(event) => setApp(event.currentTarget.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'get-key-problem' : undefined}
        />
      </label>
      <PlainHttpConsent url={serviceUrl} checked={plainHttp} onChange={setPlainHttp} />
      {problem && (
        <span class="error" id="get-key-problem" role="alert">
          {problem}
        </span>
      )}
      <div class="actions">
        <button type="submit" class="primary">
          {t('getKey')}
        </button>
      </div>
      <p class="muted">{t('getKeyHelp')}</p>
    </form>
  );
}
