import { useState } from 'preact/hooks';
import { KeyDeckError } from '../../shared/errors';
import { normaliseServiceUrl } from '../../shared/validation';
import type { AccountForm } from '../../providers/types';
import { messageOf, requestHostAccess, useApi } from '../api';
import { t } from '../i18n';

export interface AccountMessage {
  text: string;
  error: boolean;
  /** The provider's sign-in page, offered when the browser is not signed in there. */
  signIn?: string;
}

/**
 * Runs an account action for the server the user typed: asks for the server's host inside the click
 * (browsers require it), then runs it; what it returns, or why it failed, becomes the panel's message.
 */
export function useAccountAction(serverUrl: string, form: AccountForm) {
  const api = useApi();
  const [message, setMessage] = useState<AccountMessage | null>(null);
  const run = (action: (url: string) => Promise<string | void>) => (event?: Event) => {
    event?.preventDefault();
    setMessage(null);
    const server = normaliseServiceUrl(serverUrl);
    if ('error' in server) return setMessage({ text: server.error, error: true });
    void requestHostAccess(api, server.url)
      .then(async (granted) => {
        if (!granted) throw new Error(t('hostPermissionDeclined', new URL(server.url).host));
        const done = await action(server.url);
        if (done) setMessage({ text: done, error: false });
      })
      .catch((error: unknown) => {
        const signedOut = error instanceof KeyDeckError && error.code === 'forbidden' && form.signInPage;
        setMessage({
          text: error instanceof Error ? error.message : messageOf(error),
          error: true,
          ...(signedOut ? { signIn: form.signInPage!(server.url) } : {}),
        });
      });
  };
  return { run, message };
}
