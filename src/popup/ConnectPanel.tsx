import { useEffect, useState } from 'preact/hooks';
import { checkAppName, originPattern } from '../shared/validation';
import { messageOf, useApi } from './api';
import { t } from './i18n';
import { useAnnounce } from './shell/announcer';
import { useFormProblems } from './shell/use-form-problems';

/** Start a hand-over in a tab: OctoEverywhere's App Portal, or CoCalc's legacy key page. */
export function ConnectPanel({ onStarted }: { onStarted: (message: string) => void }) {
  const api = useApi();
  const { send } = api;
  const [addresses, setAddresses] = useState<{ portalUrl: string; cocalcUrl: string } | null>(null);
  const [app, setApp] = useState('');
  const [printerId, setPrinterId] = useState('');
  const [problem, setProblemText] = useState<string | null>(null);
  const [appProblem, setAppProblem] = useState<string | null>(null);
  const announce = useAnnounce();
  const form = useFormProblems();
  // Written under the panel and said once (not an alert that is read again at every render).
  const setProblem = (text: string | null) => {
    setProblemText(text);
    if (text) announce(text, { toast: false });
  };
  useEffect(() => {
    send('settings.get', {})
      .then(setAddresses)
      .catch((error: unknown) => setProblem(messageOf(error)));
  }, []);
  if (!addresses) return problem ? <p class="error" role="alert">{problem}</p> : null;
  const { portalUrl, cocalcUrl } = addresses;

  // Asked inside the click, as browsers require: KeyDeck must see those tabs' addresses to capture.
  // `history` (optional, may be refused) lets it remove a finish address that reached history anyway.
  const withAccess = (origins: string[], start: () => Promise<unknown>) => {
    setProblem(null);
    void api.requestOrigins(origins, ['history'])
      .then(async (granted) => {
        if (!granted) return setProblem(t('hostPermissionDeclined', origins.map((o) => o.replace(/\/\*$/, '')).join(', ')));
        await start();
        onStarted(t('portalOpened'));
      })
      .catch((error: unknown) => setProblem(messageOf(error)));
  };

  const portal = (event: Event) => {
    event.preventDefault();
    const invalid = checkAppName(app);
    setAppProblem(invalid);
    form.report([invalid]);
    if (invalid) return;
    withAccess([originPattern(portalUrl)], () => send('portal.start', { app, ...(printerId.trim() ? { printerId } : {}) }));
  };

  return (
    <section class="connect" aria-label={t('connectTitle')}>
      <h2>{t('connectTitle')}</h2>
      <form ref={form.ref} onSubmit={portal} noValidate aria-label={t('portalTitle')}>
        <h3>{t('portalTitle')}</h3>
        <p class="muted">{t('portalHelp')}</p>
        <label>
          {t('appNameShort')}
          <input
            type="text"
            value={app}
            onInput={(event) => setApp(event.currentTarget.value)}
            aria-invalid={appProblem ? true : undefined}
            aria-describedby={appProblem ? 'portal-app-problem' : undefined}
          />
        </label>
        {appProblem && (
          <span class="error" id="portal-app-problem">
            {appProblem}
          </span>
        )}
        <label>
          {t('printerIdOptional')}
          <input type="text" value={printerId} onInput={(event) => setPrinterId(event.currentTarget.value)} />
        </label>
        <button type="submit" class="primary">
          {t('openPortal')}
        </button>
      </form>
      <h3>{t('cocalcTitle')}</h3>
      <p class="muted">{t('cocalcHelp')}</p>
      <button type="button" onClick={() => withAccess([originPattern(cocalcUrl), 'https://authenticated/*'], () => send('cocalc.legacyStart', {}))}>
        {t('openCocalc')}
      </button>
      {problem && <p class="error">{problem}</p>}
    </section>
  );
}
