import { useEffect, useRef, useState } from 'preact/hooks';
import { checkAppName } from '../shared/validation';
import { messageOf, requestHostAccess, useApi } from './api';
import { t } from './i18n';
import { PlainHttpConsent, plainHttpFlag, plainHttpProblem } from './PlainHttpConsent';
import { useAnnounce } from './shell/announcer';
import { useFormProblems } from './shell/use-form-problems';

/** "Get a key for app [name]" on an OctoPrint tab: starts the Application Keys workflow. */
export function GetKeyForm({ serviceUrl, autoFocus = false }: { serviceUrl: string; autoFocus?: boolean }) {
  const api = useApi();
  const { send } = api;
  const announce = useAnnounce();
  const form = useFormProblems();
  const input = useRef<HTMLInputElement>(null);
  const [app, setApp] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [plainHttp, setPlainHttp] = useState(false);
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, []);

  const submit = (event: Event) => {
    event.preventDefault();
    const invalid = checkAppName(app) ?? plainHttpProblem(serviceUrl, plainHttp);
    setProblem(invalid);
    form.report([invalid]);
    if (invalid) return;
    // Inside the click, before any await, as browsers require.
    void requestHostAccess(api, serviceUrl)
      .then(async (granted) => {
        if (!granted) return fail(t('hostPermissionDeclined', new URL(serviceUrl).host));
        await send('flow.start', { serviceUrl, app, ...plainHttpFlag(serviceUrl, plainHttp) });
        // The request has its card now: the box is ready for the next app.
        setApp('');
      })
      .catch((error: unknown) => fail(messageOf(error)));
  };
  // Said once, now: a failure written with role=alert would be read again at every render.
  const fail = (text: string) => {
    setProblem(text);
    announce(text, { toast: false });
  };

  return (
    <form class="get-key" ref={form.ref} onSubmit={submit} noValidate aria-label={t('getKeyFor')}>
      <label>
        {t('getKeyFor')}
        <input
          ref={input}
          type="text"
          value={app}
          placeholder={t('appNamePlaceholder')}
          onInput={(event) => setApp(event.currentTarget.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'get-key-problem' : undefined}
        />
      </label>
      <PlainHttpConsent url={serviceUrl} checked={plainHttp} onChange={setPlainHttp} />
      {problem && (
        <span class="error" id="get-key-problem">
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
