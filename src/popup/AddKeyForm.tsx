import { useEffect, useState } from 'preact/hooks';
import { checkAppName, checkKeyBasics, normaliseServiceUrl } from '../shared/validation';
import { messageOf, requestHostAccess, useApi } from './api';
import { t } from './i18n';
import { PlainHttpConsent, plainHttpFlag, plainHttpProblem } from './PlainHttpConsent';
import { ProviderSelect } from './ProviderSelect';
import { useFormProblems } from './shell/use-form-problems';

export interface AddKeyPrefill {
  provider?: string;
  serviceUrl?: string;
  app?: string;
}

type Field = 'serviceUrl' | 'app' | 'apiKey';

/** "Add key manually": every field checked here for a quick message, and again by the background. */
export function AddKeyForm({
  prefill,
  onDone,
  onCancel,
}: {
  prefill?: AddKeyPrefill;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const { send } = api;
  // The registry's first provider (OctoPrint) unless the caller knows better.
  const [provider, setProvider] = useState(prefill?.provider ?? api.providers.all[0]?.id ?? '');
  const [serviceUrl, setServiceUrl] = useState(prefill?.serviceUrl ?? '');
  const [app, setApp] = useState(prefill?.app ?? '');
  const [user, setUser] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [plainHttp, setPlainHttp] = useState(false);
  const form = useFormProblems();
  const info = api.providers.find(provider);
  // Opened by a click: the focus goes to the first field left to fill, where the user types next.
  useEffect(() => {
    const fields = form.ref.current?.querySelectorAll<HTMLInputElement>('input[type="url"], input[type="text"], input[type="password"]') ?? [];
    [...fields].find((input) => input.value === '')?.focus();
  }, []);
  // Where the key will go, shown beside Save: a detection any page can fake must not pick it silently.
  const target = normaliseServiceUrl(serviceUrl);
  const targetUrl = 'url' in target ? target.url : null;

  const submit = (event: Event) => {
    event.preventDefault();
    const service = normaliseServiceUrl(serviceUrl);
    const found: Partial<Record<Field, string>> = {};
    if ('error' in service) found.serviceUrl = service.error;
    else {
      const unconfirmed = plainHttpProblem(service.url, plainHttp);
      if (unconfirmed) found.serviceUrl = unconfirmed;
    }
    const appProblem = checkAppName(app);
    if (appProblem) found.app = appProblem;
    const keyProblem = checkKeyBasics(apiKey.trim()) ?? info?.checkKey(apiKey.trim());
    if (keyProblem) found.apiKey = keyProblem;
    setProblems(found);
    setFailure(null);
    form.report([found.serviceUrl, found.app, found.apiKey]);
    if (Object.keys(found).length > 0 || 'error' in service) return;

    // Asked here, inside the click, as browsers require. It only lets KeyDeck recognise this server's
    // pages later: the key is saved whatever the answer.
    if (info?.detectsOnServer) void requestHostAccess(api, service.url);
    setSaving(true);
    send('vault.add', {
      provider,
      serviceUrl: service.url,
      app,
      apiKey: apiKey.trim(),
      ...(user.trim() ? { user } : {}),
      ...plainHttpFlag(service.url, plainHttp),
    })
      .then(({ credential }) => {
        onDone(t('saved', credential.app));
        // Check it against its server at once, as a key KeyDeck fetched itself is; the row shows the result.
        if (info?.verify) void send('credential.verify', { id: credential.id }).catch(() => undefined);
      })
      .catch((error: unknown) => setFailure(messageOf(error)))
      .finally(() => setSaving(false));
  };

  const field = (name: Field) => ({
    'aria-invalid': problems[name] ? true : undefined,
    'aria-describedby': problems[name] ? `${name}-problem` : undefined,
  });
  const problem = (name: Field) =>
    problems[name] && (
      <span class="error" id={`${name}-problem`}>
        {problems[name]}
      </span>
    );

  return (
    <form class="add-key" ref={form.ref} onSubmit={submit} noValidate aria-label={t('addKeyTitle')}>
      <h2>{t('addKeyTitle')}</h2>
      <ProviderSelect providers={api.providers.all} value={provider} onChange={setProvider} />
      <label>
        {t('serverUrl')}
        <input
          type="url"
          value={serviceUrl}
          placeholder="http://octopi.local"
          onInput={(event) => setServiceUrl(event.currentTarget.value)}
          {...field('serviceUrl')}
        />
        {problem('serviceUrl')}
      </label>
      {targetUrl && <PlainHttpConsent url={targetUrl} checked={plainHttp} onChange={setPlainHttp} />}
      <label>
        {t('appName')}
        <input type="text" value={app} onInput={(event) => setApp(event.currentTarget.value)} {...field('app')} />
        {problem('app')}
      </label>
      <label>
        {t('userOptional')}
        <input type="text" value={user} autoComplete="off" onInput={(event) => setUser(event.currentTarget.value)} />
      </label>
      <label>
        {t('apiKey')}
        <input
          type="password"
          value={apiKey}
          autoComplete="off"
          spellcheck={false}
          onInput={(event) => setApiKey(event.currentTarget.value)}
          {...field('apiKey')}
        />
        <span class="muted">{info?.keyHint}</span>
        {problem('apiKey')}
      </label>
      {/* An alert: it answers the click just made (the form is gone once saved, so it is never an old one). */}
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      {targetUrl && (
        <p class="muted" role="note">
          {t('keyGoesTo', targetUrl)}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={saving}>
          {saving ? t('saving') : t('save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
