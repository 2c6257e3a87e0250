import { useState } from 'preact/hooks';
import { t } from '../i18n';

/**
 * Email and password for a provider KeyDeck signs in to itself; the password is sent once and dropped.
 * The email is the panel's: it stays while the form is hidden (acting with a held key) and back again.
 */
export function SignInForm({
  email,
  onEmail,
  onSignIn,
  name = 'email',
}: {
  email: string;
  onEmail: (email: string) => void;
  /** What the provider's accounts are named by: an email address, or a user name. */
  name?: 'email' | 'username';
  onSignIn: (email: string, password: string) => (event: Event) => void;
}) {
  const [password, setPassword] = useState('');
  return (
    <form
      aria-label={t('signIn')}
      onSubmit={(event) => {
        const used = password;
        setPassword(''); // used for this one request only
        onSignIn(email, used)(event);
      }}
    >
      <label>
        {name === 'email' ? t('email') : t('userName')}
        {name === 'email' ? (
          <input type="email" value={email} autoComplete="off" onInput={(e) => onEmail(e.currentTarget.value)} />
        ) : (
          <input type="text" value={email} autoComplete="off" onInput={(e) => onEmail(e.currentTarget.value)} />
        )}
      </label>
      <label>
        {t('password')}
        <input type="password" value={password} autoComplete="off" onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <button type="submit">{t('signIn')}</button>
    </form>
  );
}
