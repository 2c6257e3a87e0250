import type { Credential, Verification } from '../../../shared/credential';
import { KeyDeckError } from '../../../shared/errors';
import type { ProviderBackend } from '../types';
import { CONDUCE } from './account-keys';
import type { ConduceAuth, ConduceClientFactory } from './client';

function keyOf(credential: Credential): string {
  const key = credential.secrets.apiKey;
  if (!key) throw new KeyDeckError('not-found', 'This entry holds no API key.');
  return key;
}

const rejected = (error: unknown): boolean => error instanceof KeyDeckError && error.code === 'forbidden';

/**
 * Conduce keys: verify lists the account's keys with the key itself (accepted, and listed).
 * Revoke cannot use the key itself (Conduce forbids it): another key KeyDeck holds for the same
 * server, else the browser's Conduce session.
 */
export function createConduceBackend({ client, now = Date.now }: { client: ConduceClientFactory; now?: () => number }): ProviderBackend {
  async function check(credential: Credential): Promise<Verification> {
    const at = now();
    const key = keyOf(credential);
    const api = client(credential.serviceUrl, { kind: 'key', key });
    const host = new URL(api.serverUrl).host;
    try {
      const listed = (await api.list()).some((k) => k.apikey === key);
      return listed
        ? { at, ok: true, summary: `Conduce at ${host} accepts this key.`, warnings: [] }
        : { at, ok: false, summary: `Conduce at ${host} accepts this key but does not list it.`, warnings: [] };
    } catch (error) {
      if (rejected(error)) return { at, ok: false, summary: `Conduce at ${host} no longer accepts this key.`, warnings: [] };
      throw error;
    }
  }

  /** Whether Conduce still takes the key at all (listed or not). */
  async function accepted(credential: Credential): Promise<boolean> {
    try {
      await client(credential.serviceUrl, { kind: 'key', key: keyOf(credential) }).list();
      return true;
    } catch (error) {
      if (rejected(error)) return false;
      throw error;
    }
  }

  return {
    id: CONDUCE,
    verify: async (credential) => ({ verification: await check(credential) }),
    async revoke(credential, others) {
      const key = keyOf(credential);
      const revokers: ConduceAuth[] = [
        ...others.flatMap((o): ConduceAuth[] =>
          o.provider === CONDUCE && o.serviceUrl === credential.serviceUrl && o.secrets.apiKey && o.secrets.apiKey !== key ? [{ kind: 'key', key: o.secrets.apiKey }] : [],
        ),
        { kind: 'session' },
      ];
      for (const auth of revokers) {
        if (!(await accepted(credential))) return; // confirmed: Conduce no longer accepts it
        await client(credential.serviceUrl, auth).remove(key).catch((error: unknown) => {
          if (rejected(error) || (error instanceof KeyDeckError && error.code === 'invalid-input')) return; // try the next
          throw error;
        });
      }
      if (!(await accepted(credential))) return;
      throw new KeyDeckError(
        'revoke-failed',
        'Conduce still accepts this key: a key cannot delete itself. Sign in to Conduce in KeyDeck (or this browser) and try again, or forget it locally.',
      );
    },
  };
}
