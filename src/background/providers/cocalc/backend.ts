import type { Credential, Verification } from '../../../shared/credential';
import { KeyDeckError } from '../../../shared/errors';
import type { ProviderBackend } from '../types';
import { COCALC, projectOf } from './account-keys';
import type { CocalcClientFactory } from './client';

function keyOf(credential: Credential): string {
  const key = credential.secrets.apiKey;
  if (!key) throw new KeyDeckError('not-found', 'This entry holds no API key.');
  return key;
}

const rejected = (error: unknown): boolean => error instanceof KeyDeckError && error.code === 'forbidden';

/**
 * CoCalc keys: verify asks CoCalc, with the key itself, for the key's own row (accepted and listed);
 * revoke deletes it (an account key may delete itself; a project key needs the browser session).
 */
export function createCocalcBackend({ client, now = Date.now }: { client: CocalcClientFactory; now?: () => number }): ProviderBackend {
  async function check(credential: Credential): Promise<Verification> {
    const at = now();
    const api = client(credential.serviceUrl, { kind: 'key', key: keyOf(credential) });
    const host = new URL(api.serverUrl).host;
    const warnings: string[] = [];
    if (credential.expiresAt !== undefined && credential.expiresAt - at < 7 * 86_400_000 && credential.expiresAt > at)
      warnings.push(`The key expires on ${new Date(credential.expiresAt).toISOString().slice(0, 10)}.`);
    if (credential.remoteId === undefined || projectOf(credential)) {
      // Without an id, or for a project key (which may not call the api-keys endpoint), acceptance is all we can see.
      try {
        await api.list();
      } catch (error) {
        if (rejected(error)) return { at, ok: false, summary: `CoCalc at ${host} no longer accepts this key.`, warnings };
        if (!(error instanceof KeyDeckError && error.code === 'invalid-input')) throw error;
      }
      return { at, ok: true, summary: `CoCalc at ${host} accepts this key.`, warnings };
    }
    try {
      const row = await api.get(Number(credential.remoteId));
      if (!row) return { at, ok: false, summary: `CoCalc at ${host} accepts this key but lists no key #${credential.remoteId}.`, warnings };
      return { at, ok: true, summary: `CoCalc at ${host} accepts this key (${row.name ?? `#${row.id}`}).`, warnings };
    } catch (error) {
      if (!rejected(error)) throw error;
      const expired = credential.expiresAt !== undefined && credential.expiresAt <= at;
      return { at, ok: false, summary: expired ? `The key expired; CoCalc at ${host} no longer accepts it.` : `CoCalc at ${host} no longer accepts this key.`, warnings };
    }
  }

  async function stillAccepted(credential: Credential): Promise<boolean> {
    return (await check(credential)).ok;
  }

  return {
    id: COCALC,
    verify: async (credential) => ({ verification: await check(credential) }),
    async revoke(credential) {
      if (credential.remoteId === undefined)
        throw new KeyDeckError('unsupported', 'KeyDeck does not know this key\u2019s id on CoCalc: delete it in CoCalc under Account → API keys.');
      const id = Number(credential.remoteId);
      const projectId = projectOf(credential);
      const revoke = async (asKey: boolean): Promise<void> => {
        const api = client(credential.serviceUrl, asKey ? { kind: 'key', key: keyOf(credential) } : { kind: 'session' });
        await api.remove(id, projectId ?? undefined);
      };
      try {
        // An account key deletes itself; a project key cannot use the endpoint, so it needs the session.
        await revoke(projectId === null);
      } catch (error) {
        if (!rejected(error)) throw error;
        if (projectId === null) {
          if (!(await stillAccepted(credential))) return; // already gone
        }
        await revoke(false);
      }
      if (await stillAccepted(credential))
        throw new KeyDeckError('revoke-failed', 'CoCalc still accepts this key. Delete it in CoCalc under Account → API keys, or forget it locally.');
    },
  };
}
