import { apiKeyOf, type Credential } from '../../shared/credential';
import { KeyDeckError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import { NetworkError } from '../http';
import type { Provider } from '../types';
import { createOctoPrintClient, OctoPrintFailure, type OctoPrintClient, type Server } from './client';
import { verifyOctoPrintKey } from './verify';

function serverOf(credential: Credential): Server {
  const { basicUser, basicPassword } = credential.secrets;
  return {
    url: credential.serviceUrl,
    ...(basicUser !== undefined && basicPassword !== undefined ? { basicAuth: { user: basicUser, password: basicPassword } } : {}),
  };
}


/** Network trouble becomes a message that says what did not happen. */
async function talking<T>(credential: Credential, what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof NetworkError)
      throw new KeyDeckError('unreachable', `${error.message} ${what}`);
    if (error instanceof OctoPrintFailure && error.failure.kind === 'basic-auth')
      throw new KeyDeckError('unreachable', t('errOctoprintBasicAuth', new URL(credential.serviceUrl).host, what));
    // A redirect, a server error, an answer that is not OctoPrint's: say it, not "unexpected error".
    if (error instanceof OctoPrintFailure && error.failure.kind === 'unexpected')
      throw new KeyDeckError('server-error', `${new URL(credential.serviceUrl).host}: ${error.failure.detail} ${what}`);
    throw error;
  }
}

/**
 * One revoke attempt. By app (1.10+) only when OctoPrint's entry for that app and user holds this
 * very key: otherwise the entry may hold another key (another user's, or the entry is a user's own
 * key under an app's name) and revoking by app would take that one. Else by key, which every
 * version accepts.
 */
async function revokeWith(client: OctoPrintClient, server: Server, asKey: string, credential: Credential, key: string): Promise<void> {
  const byApp = { app: credential.app, ...(credential.user ? { user: credential.user } : {}) };
  if ((await client.appKey(server, asKey, byApp.app, byApp.user)) === key) await client.revoke(server, asKey, byApp);
  else await client.revoke(server, asKey, { key });
}

export const verifyOctoPrintCredential: NonNullable<Provider['verify']> = (credential, ctx) =>
  talking(credential, t('octoprintKeyNotChecked'), async () => {
    const { user, ...verification } = await verifyOctoPrintKey(createOctoPrintClient(ctx.http), serverOf(credential), apiKeyOf(credential), ctx.now());
    return user ? { verification, user } : { verification };
  });

export const revokeOctoPrintCredential: NonNullable<Provider['revoke']> = (credential, others, ctx) =>
  talking(credential, t('octoprintKeyNotRevoked'), async () => {
    const client = createOctoPrintClient(ctx.http);
    const server = serverOf(credential);
    const key = apiKeyOf(credential);
    // The key revokes itself where the server allows; else an admin key KeyDeck holds for the server.
    const revokers = [key, ...others.flatMap((o) => (o.serviceUrl === credential.serviceUrl && o.provider === credential.provider && o.secrets.apiKey ? [o.secrets.apiKey] : []))];
    for (const asKey of revokers) {
      if ((await client.version(server, key)) === null) return; // confirmed: OctoPrint rejects it now
      await revokeWith(client, server, asKey, credential, key).catch((error: unknown) => {
        if (error instanceof OctoPrintFailure) return; // not allowed with this key: try the next
        throw error;
      });
    }
    if ((await client.version(server, key)) === null) return;
    throw new KeyDeckError(
      'revoke-failed',
      t('errOctoprintStillAccepts'),
    );
  });
