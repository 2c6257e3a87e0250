import { useEffect, useState } from 'preact/hooks';
import type { CredentialView } from '../../shared/credential';
import type { Settings } from '../../shared/settings';
import type { AccountKeyView } from '../../providers/types';
import { useApi } from '../api';
import { t } from '../i18n';
import { PlainHttpConsent, plainHttpFlag, plainHttpProblem } from '../PlainHttpConsent';
import { ProviderSelect } from '../ProviderSelect';
import { normaliseServiceUrl } from '../../shared/validation';
import { AccountKeyList } from './AccountKeyList';
import { CreateKeyForm, type CreateRequest } from './CreateKeyForm';
import { SignInForm } from './SignInForm';
import { UnsavedKey, type Unsaved } from './UnsavedKey';
import { useAccountAction } from './use-account-action';

/** Keys made through an account API: pick the provider and server, then create, list, delete. */
export function AccountsPanel({ settings }: { settings: Settings }) {
  const { providers, send, openTab } = useApi();
  const choices = providers.withAccounts;
  const [providerId, setProviderId] = useState(choices[0]?.id ?? '');
  const provider = choices.find((p) => p.id === providerId) ?? choices[0];
  const form = provider?.accounts.form ?? { signIn: 'browser', projects: false, expiry: false };
  const defaultServer = (id: string) => {
    const setting = choices.find((p) => p.id === id)?.accounts.form.defaultServer;
    return setting ? settings[setting] : '';
  };
  const [serverUrl, setServerUrl] = useState(() => defaultServer(providerId));
  const [keys, setKeys] = useState<{ list: AccountKeyView[]; refreshing: boolean } | null>(null);
  // Act with the signed-in session, or with a key KeyDeck already holds for that server (Bearer).
  const [held, setHeld] = useState<CredentialView[]>([]);
  const [withKey, setWithKey] = useState('');
  const [email, setEmail] = useState('');
  const [plainHttp, setPlainHttp] = useState(false);
  const [unsaved, setUnsaved] = useState<Unsaved | null>(null);
  const server = normaliseServiceUrl(serverUrl);
  const serverOk = 'url' in server ? server.url : null;
  const { run, message } = useAccountAction(serverUrl, form);
  const auth = withKey ? { withKey } : {};

  const refreshHeld = () =>
    send('account.heldKeys', { provider: providerId, serverUrl })
      .then((r) => setHeld(r.keys))
      .catch(() => setHeld([]));
  useEffect(() => {
    setWithKey('');
    void refreshHeld();
  }, [providerId, serverUrl]);

  const list = async (url: string) => {
    setKeys((old) => (old ? { ...old, refreshing: true } : { list: [], refreshing: true }));
    try {
      setKeys({ list: (await send('account.list', { provider: providerId, serverUrl: url, ...auth })).keys, refreshing: false });
    } catch (error) {
      setKeys((old) => old && { ...old, refreshing: false });
      throw error;
    }
  };
  const signIn = (email: string, password: string) =>
    run(async (url) => {
      await send('account.signIn', { provider: providerId, serverUrl: url, email, password });
      return t('signedIn');
    });
  const create = (request: () => CreateRequest) =>
    run(async (url) => {
      const { app, ...options } = request();
      const unconfirmed = plainHttpProblem(url, plainHttp);
      if (unconfirmed) throw new Error(unconfirmed);
      setUnsaved(null);
      const answer = await send('account.create', { provider: providerId, serverUrl: url, app, ...auth, ...options, ...plainHttpFlag(url, plainHttp) });
      if ('unsaved' in answer) return void setUnsaved({ app, ...answer.unsaved });
      await Promise.all([list(url), refreshHeld()]);
      return t('created', app);
    });
  const remove = (credentialId: string) =>
    run(async (url) => {
      await send('account.delete', { credentialId, ...auth });
      setWithKey('');
      await Promise.all([list(url), refreshHeld()]);
      return t('deletedOnServer');
    })();

  return (
    <section class="accounts" aria-label={t('accountsTitle')}>
      <h2>{t('accountsTitle')}</h2>
      <p class="muted">{t('accountsHelp')}</p>
      <ProviderSelect
        providers={choices}
        value={providerId}
        onChange={(next) => {
          setProviderId(next);
          setServerUrl(defaultServer(next));
          setKeys(null);
        }}
      />
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
      {serverOk && <PlainHttpConsent url={serverOk} checked={plainHttp} onChange={setPlainHttp} />}
      {form.signIn === 'password' && !withKey && <SignInForm email={email} onEmail={setEmail} onSignIn={signIn} {...(form.signInName ? { name: form.signInName } : {})} />}
      <CreateKeyForm key={providerId} form={form} onCreate={create} onList={run(list)} />
      {message && (
        <p class={message.error ? 'error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}{' '}
          {message.signIn && (
            <button type="button" onClick={() => void openTab(message.signIn!)}>
              {t('openSignIn')}
            </button>
          )}
        </p>
      )}
      {unsaved && <UnsavedKey unsaved={unsaved} />}
      {keys && <AccountKeyList keys={keys.list} refreshing={keys.refreshing} onDelete={remove} />}
    </section>
  );
}
