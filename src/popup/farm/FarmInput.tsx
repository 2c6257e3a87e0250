import { useMemo, useState } from 'preact/hooks';
import { parseFarmInput } from '../../shared/farm-input';
import { needsPlainHttpConsent } from '../../shared/private-network';
import { originPattern } from '../../shared/validation';
import { messageOf, useApi } from '../api';
import { t, tn } from '../i18n';

const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * The farm's input: servers pasted or read from a file, and the app name. What the parser could not
 * use is listed line by line before anything is sent. Get keys asks host access for every server
 * at once (in the click) and hands the list to the background.
 */
export function FarmInput({ onStarted }: { onStarted: () => void }) {
  const api = useApi();
  const [text, setText] = useState('');
  const [app, setApp] = useState('');
  const [plainHttp, setPlainHttp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const parsed = useMemo(() => parseFarmInput(text), [text]);
  const publicHttp = parsed.servers.filter((s) => needsPlainHttpConsent(s.url));

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return setError(`${file.name} is over 2 MB: that is not a list of printers.`);
    setText(await file.text());
  };

  const start = async (event: Event) => {
    event.preventDefault();
    setError(null);
    if (parsed.servers.length === 0) return setError(t('farmNoServers'));
    // Asked first, still inside the click: the browser shows one prompt for every host.
    const origins = [...new Set(parsed.servers.map((s) => originPattern(s.url)))];
    if (!(await api.requestOrigins(origins))) return setError(t('farmHostDeclined'));
    setBusy(true);
    try {
      await api.send('farm.start', { app, servers: parsed.servers, ...(publicHttp.length > 0 && plainHttp ? { allowPlainHttp: true } : {}) });
      onStarted();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="farm-input" aria-label={t('farmTitle')} onSubmit={(event) => void start(event)}>
      <label>
        {t('farmServers')}
        <textarea aria-label={t('farmServers')} rows={6} value={text} spellcheck={false} onInput={(e) => setText(e.currentTarget.value)} />
      </label>
      <p class="muted">{t('farmServersHelp')}</p>
      <label>
        {t('farmFile')}
        <input type="file" accept=".txt,.json,.yaml,.yml,text/plain,application/json" onChange={(e) => void readFile(e.currentTarget.files?.[0])} />
      </label>
      <p role="status">
        {tn('farmFound', parsed.servers.length)}
        {parsed.duplicates > 0 && ` · ${t('farmDuplicates', String(parsed.duplicates))}`}
      </p>
      {parsed.problems.length > 0 && (
        <section class="farm-problems" aria-label={t('farmProblems')}>
          <h3>{t('farmProblems')}</h3>
          <ul>
            {parsed.problems.map((problem, index) => (
              <li key={index}>
                <strong>{problem.where}</strong>: {problem.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {publicHttp.length > 0 && (
        <div class="plain-http" role="group" aria-label={t('plainHttpTitle')}>
          <p class="error">{t('plainHttpWarning', publicHttp.map((s) => new URL(s.url).host).join(', '))}</p>
          <label class="check">
            <input type="checkbox" checked={plainHttp} onChange={(e) => setPlainHttp(e.currentTarget.checked)} />
            {t('plainHttpConfirm')}
          </label>
        </div>
      )}
      <label>
        {t('farmAppName')}
        <input type="text" value={app} autoComplete="off" onInput={(e) => setApp(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('farmStarting') : t('farmStart')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
