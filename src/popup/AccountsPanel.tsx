import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { AccountKeyView, AccountProvider } from '../shared/account-keys';
import type { CredentialView } from '../shared/credential';
import { KeyDeckError } from '../shared/errors';
import { providerLabel } from '../shared/providers';
import { checkAppName, normaliseServiceUrl } from '../shared/validation';
import { messageOf, send } from './api';
import { requestHostAccess } from './host-access';
import { t } from './i18n';
import { relativeTime } from './time';

const DAY = 86_400_000;

/** Keys made through an account API: create for an app, list what the account has, delete. */
export function AccountsPanel({ defaultCocalcUrl, onChanged }: { defaultCocalcUrl: string; onChanged: () => void }) {
  const [provider, setProvider] = useState<AccountProvider>('cocalc');
  const [serverUrl, setServerUrl] = useState(defaultCocalcUrl);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [app, setApp] = useState('');
  const [projectId, setProjectId] = useState('');
  const [days, setDays] = useState('');
  const [keys, setKeys] = useState<AccountKeyView[] | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean; signIn?: string } | null>(null);
  // Act with the signed-in session, or with a key KeyDeck already holds for that server (Bearer).
  const [held, setHeld] = useState<CredentialView[]>([]);
  const [withKey, setWithKey] = useState('');
  const refreshHeld = () =>
    send('account.heldKeys', { provider, serverUrl })
      .then((r) => setHeld(r.keys))
      .catch(() => setHeld([]));
  useEffect(() => {
    setWithKey('');
    void refreshHeld();
  }, [provider, serverUrl]);
  const auth = withKey ? { withKey } : {};

  /** Asks for the server's host inside the click (browsers require it), then runs the action. */
  const run = (action: (url: string) => Promise<string | void>) => (event?: Event) => {
    event?.preventDefault();
    setMessage(null);
    const server = normaliseServiceUrl(serverUrl);
    if ('error' in server) return setMessage({ text: server.error, error: true });
    void requestHostAccess(server.url)
      .then(async (granted) => {
        if (!granted) throw new Error(t('hostPermissionDeclined', new URL(server.url).host));
        const done = await action(server.url);
        if (done) setMessage({ text: done, error: false });
      })
      .catch((error: unknown) =>
        setMessage({
          text: error instanceof Error ? error.message : messageOf(error),
          error: true,
          // Not signed in to CoCalc: offer its sign-in page (Conduce signs in right here).
          ...(error instanceof KeyDeckError && error.code === 'forbidden' && provider === 'cocalc' ? { signIn: `${server.url}/auth/sign-in` } : {}),
        }),
      );
  };

  const list = (url: string) => send('account.list', { provider, serverUrl: url, ...auth }).then((r) => setKeys(r.keys));
  const signIn = run(async (url) => {
    const pw = password;
    setPassword(''); // used for this one request only
    await send('account.signIn', { provider, serverUrl: url, email, password: pw });
    return t('signedIn');
  });
  const create = run(async (url) => {
    const problem = checkAppName(app);
    if (problem) throw new Error(problem);
    const expire = days.trim() ? Date.now() + Number(days) * DAY : undefined;
    if (expire !== undefined && !(Number(days) > 0)) throw new Error('Enter a number of days, or leave it empty.');
    await send('account.create', { provider, serverUrl: url, app, ...auth, ...(projectId.trim() ? { projectId: projectId.trim() } : {}), ...(expire ? { expire: Math.round(expire) } : {}) });
    onChanged();
    await Promise.all([list(url), refreshHeld()]);
    return t('created', app.trim());
  });
  const remove = (credentialId: string) =>
    run(async (url) => {
      await send('account.delete', { credentialId, ...auth });
      onChanged();
      setWithKey('');
      await Promise.all([list(url), refreshHeld()]);
      return t('deletedOnServer');
    });

  const now = Date.now();
  return (
    <section class="accounts" aria-label={t('accountsTitle')}>
      <h2>{t('accountsTitle')}</h2>
      <p class="muted">{t('accountsHelp')}</p>
      <label>
        {t('provider')}
        <select value={provider} onChange={(e) => {
            const next = e.currentTarget.value as AccountProvider;
            setProvider(next);
            setServerUrl(next === 'cocalc' ? defaultCocalcUrl : ''); // Conduce has no public default
            setKeys(null);
          }}>
          {(['cocalc', 'conduce'] as const).map((id) => (
            <option key={id} value={id}>
              {providerLabel(id)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('serverUrl')}
        <input type="text" value={serverUrl} onInput={(e) => setServerUrl(e.currentTarget.value)} />
      </label>
      {held.length > 0 && (
        <label>
          {t('actAs')}
          <select value={withKey} onChange={(e) => setWithKey(e.currentTarget.value)}>
            <option value="">{t('actAsSession')}</option>
            {held.map((c) => (
              <option key={c.id} value={c.id}>
                {c.app} {c.maskedKey}
              </option>
            ))}
          </select>
        </label>
      )}
      {provider === 'conduce' && !withKey && (
        <form onSubmit={signIn} aria-label={t('signIn')}>
          <label>
            {t('email')}
            <input type="email" value={email} autoComplete="off" onInput={(e) => setEmail(e.currentTarget.value)} />
          </label>
          <label>
            {t('password')}
            <input type="password" value={password} autoComplete="off" onInput={(e) => setPassword(e.currentTarget.value)} />
          </label>
          <button type="submit">{t('signIn')}</button>
        </form>
      )}
      <form onSubmit={create} aria-label={t('createKey')}>
        <label>
          {t('appNameShort')}
          <input type="text" value={app} onInput={(e) => setApp(e.currentTarget.value)} />
        </label>
        {provider === 'cocalc' && (
          <>
            <label>
              {t('projectOptional')}
              <input type="text" value={projectId} onInput={(e) => setProjectId(e.currentTarget.value)} />
            </label>
            <label>
              {t('expireDaysOptional')}
              <input type="number" min={1} value={days} onInput={(e) => setDays(e.currentTarget.value)} />
            </label>
          </>
        )}
        <div class="actions">
          <button type="submit" class="primary">
            {t('createKey')}
          </button>
          <button type="button" onClick={run(list)}>
            {t('listKeys')}
          </button>
        </div>
      </form>
      {message && (
        <p class={message.error ? 'error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}{' '}
          {message.signIn && (
            <button type="button" onClick={() => void browser.tabs.create({ url: message.signIn })}>
              {t('openSignIn')}
            </button>
          )}
        </p>
      )}
      {keys && keys.length === 0 && <p class="muted">{t('noServerKeys')}</p>}
      {keys && keys.length > 0 && (
        <ul aria-label={t('listKeys')}>
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
                  <button type="button" onClick={remove(key.credentialId)}>
                    {t('deleteOnServer')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
