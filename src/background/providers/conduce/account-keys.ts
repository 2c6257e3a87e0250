import { maskKey, type Credential } from '../../../shared/credential';
import { KeyDeckError } from '../../../shared/errors';
import type { Vault } from '../../vault';
import type { ConduceAuth, ConduceClientFactory } from './client';

export const CONDUCE = 'conduce';

/** A key as the popup may see it: masked, never the key itself. */
export interface ConduceListedKey {
  /** All but the last 4 characters hidden. */
  maskedKey: string;
  description: string | null;
  created: number | null;
  held: boolean;
  credentialId?: string;
  /** KeyDeck holds it, but Conduce lists it no more. */
  goneOnServer: boolean;
}

export interface ConduceAccountKeys {
  /** Signs in with email and password; the password is used for this one request and kept nowhere. */
  signIn(serverUrl: string, email: string, password: string): Promise<void>;
  /** Creates a key described by the app's name and stores it in the vault; returns the entry id, never the key. */
  createKey(serverUrl: string, options: { app: string; auth?: ConduceAuth }): Promise<{ credentialId: string; key: ConduceListedKey }>;
  listKeys(serverUrl: string, auth?: ConduceAuth): Promise<ConduceListedKey[]>;
  /** Deletes on Conduce, then from the vault; nothing is removed when Conduce cannot be asked. */
  deleteKey(credentialId: string, auth?: ConduceAuth): Promise<void>;
}

const normalizeUrl = (url: string): string => url.replace(/\/+$/, '');

export function createConduceAccountKeys({ vault, client, now = Date.now }: { vault: Vault; client: ConduceClientFactory; now?: () => number }): ConduceAccountKeys {
  const session: ConduceAuth = { kind: 'session' };

  async function held(serverUrl: string): Promise<Credential[]> {
    const url = normalizeUrl(serverUrl);
    return (await vault.list()).filter((c) => c.provider === CONDUCE && normalizeUrl(c.serviceUrl) === url && c.secrets.apiKey);
  }

  return {
    async signIn(serverUrl, email, password) {
      await client(serverUrl, session).signIn(email, password);
    },

    async createKey(serverUrl, { app, auth = session }) {
      const api = client(serverUrl, auth);
      const apikey = await api.create(app);
      const createdAt = now();
      const credential = await vault.add({
        provider: CONDUCE,
        serviceUrl: api.serverUrl,
        app,
        secrets: { apiKey: apikey },
        source: 'account-api',
        createdAt,
        details: { description: app },
      });
      return { credentialId: credential.id, key: { maskedKey: maskKey(apikey), description: app, created: createdAt, held: true, credentialId: credential.id, goneOnServer: false } };
    },

    async listKeys(serverUrl, auth = session) {
      const mine = await held(serverUrl);
      const onServer = await client(serverUrl, auth).list();
      const listed = new Set(onServer.map((k) => k.apikey));
      const byKey = new Map(mine.map((c) => [c.secrets.apiKey, c]));
      return [
        ...onServer.map((k): ConduceListedKey => {
          const c = byKey.get(k.apikey);
          return { maskedKey: maskKey(k.apikey), description: k.description, created: k.created, held: c !== undefined, ...(c ? { credentialId: c.id } : {}), goneOnServer: false };
        }),
        ...mine
          .filter((c) => !listed.has(c.secrets.apiKey ?? ''))
          .map((c): ConduceListedKey => ({ maskedKey: maskKey(c.secrets.apiKey), description: c.details?.description ?? c.app, created: c.createdAt, held: true, credentialId: c.id, goneOnServer: true })),
      ];
    },

    async deleteKey(credentialId, auth = session) {
      const credential = await vault.get(credentialId);
      const apikey = credential.secrets.apiKey;
      if (credential.provider !== CONDUCE || !apikey) throw new KeyDeckError('unsupported', 'This entry is not a Conduce API key.');
      // 'not-found': Conduce no longer has it, so forgetting it locally is all that is left.
      await client(credential.serviceUrl, auth).remove(apikey);
      await vault.remove(credentialId);
    },
  };
}
