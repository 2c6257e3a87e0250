import type { Credential } from '../../../shared/credential';
import { KeyDeckError } from '../../../shared/errors';
import { NetworkError } from '../../http';
import type { ProviderBackend } from '../types';
import { OctoPrintFailure, type OctoPrintClient, type Server } from './client';
import { verifyOctoPrintKey } from './verify';

function serverOf(credential: Credential): Server {
  const { basicUser, basicPassword } = credential.secrets;
  return {
    url: credential.serviceUrl,
    ...(basicUser !== undefined && basicPassword !== undefined ? { basicAuth: { user: basicUser, password: basicPassword } } : {}),
  };
}

function keyOf(credential: Credential): string {
  const key = credential.secrets.apiKey;
  if (!key) throw new KeyDeckError('not-found', 'This entry holds no API key.');
  return key;
}

/** Network trouble becomes a message that says what did not happen. */
async function talking<T>(credential: Credential, what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof NetworkError)
      throw new KeyDeckError('unreachable', `${error.message} The key was not ${what}.`);
    if (error instanceof OctoPrintFailure && error.failure.kind === 'basic-auth')
      throw new KeyDeckError('unreachable', `${new URL(credential.serviceUrl).host} asks for HTTP basic auth that KeyDeck does not hold. The key was not ${what}.`);
    throw error;
  }
}

export function createOctoPrintBackend(client: OctoPrintClient, now: () => number = Date.now): ProviderBackend {
  /**
   * One revoke attempt. By app (1.10+) only when OctoPrint's entry for that app and user holds this
   * very key: otherwise the entry may hold another key (another user's, or the entry is a user's own
   * key under an app's name) and revoking by app would take that one. Else by key, which every
   * version accepts.
   */
  async function revokeWith(server: Server, asKey: string, credential: Credential, key: string): Promise<void> {
    const byApp = { app: credential.app, ...(credential.user ? { user: credential.user } : {}) };
    if ((await client.appKey(server, asKey, byApp.app, byApp.user)) === key) await client.revoke(server, asKey, byApp);
    else await client.revoke(server, asKey, { key });
  }

  return {
    id: 'octoprint',

    verify: (credential) =>
      talking(credential, 'checked', async () => {
        const { user, ...verification } = await verifyOctoPrintKey(client, serverOf(credential), keyOf(credential), now());
        return user ? { verification, user } : { verification };
      }),

    revoke: (credential, others) =>
      talking(credential, 'revoked', async () => {
        const server = serverOf(credential);
        const key = keyOf(credential);
        // The key revokes itself where the server allows; else an admin key KeyDeck holds for the server.
        const revokers = [key, ...others.flatMap((o) => (o.serviceUrl === credential.serviceUrl && o.provider === 'octoprint' && o.secrets.apiKey ? [o.secrets.apiKey] : []))];
        for (const asKey of revokers) {
          if ((await client.version(server, key)) === null) return; // confirmed: OctoPrint rejects it now
          await revokeWith(server, asKey, credential, key).catch((error: unknown) => {
            if (error instanceof OctoPrintFailure) return; // not allowed with this key: try the next
            throw error;
          });
        }
        if ((await client.version(server, key)) === null) return;
        throw new KeyDeckError(
          'revoke-failed',
          'OctoPrint still accepts this key: KeyDeck holds no key allowed to revoke it. Revoke it in OctoPrint under Settings → Application Keys, or forget it locally.',
        );
      }),
  };
}
