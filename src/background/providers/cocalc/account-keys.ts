import type { Credential } from '../../../shared/credential';
import { KeyDeckError } from '../../../shared/errors';
import type { Vault } from '../../vault';
import type { CocalcAuth, CocalcClientFactory, CocalcKeyInfo } from './client';

export const COCALC = 'cocalc';

/** A key on the server, or one KeyDeck holds that the server no longer lists. Never a secret. */
export interface CocalcListedKey {
  id: number;
  name: string | null;
  trunc: string | null;
  expire: number | null;
  created: number | null;
  lastActive: number | null;
  projectId: string | null;
  /** The expiry date has passed (CoCalc deletes such a key the next time it is used). */
  expired: boolean;
  /** KeyDeck holds this key: its vault entry. */
  held: boolean;
  credentialId?: string;
  /** KeyDeck holds it, but the server lists it no more (deleted, expired, or its project left). */
  goneOnServer: boolean;
}

export interface CocalcAccountKeys {
  /** Creates a key and stores its secret in the vault; returns the vault entry id, never the secret. */
  createKey(serverUrl: string, options: { app: string; projectId?: string; expire?: number; auth?: CocalcAuth }): Promise<{ credentialId: string; key: CocalcListedKey }>;
  listKeys(serverUrl: string, auth?: CocalcAuth): Promise<CocalcListedKey[]>;
  /** Deletes on the server, then from the vault. If the server cannot be asked, nothing is removed. */
  deleteKey(credentialId: string, auth?: CocalcAuth): Promise<void>;
}

export const normalizeUrl = (url: string): string => url.replace(/\/+$/, '');

export function createCocalcAccountKeys({ vault, client, now = Date.now }: { vault: Vault; client: CocalcClientFactory; now?: () => number }): CocalcAccountKeys {
  const session: CocalcAuth = { kind: 'session' };

  async function held(serverUrl: string): Promise<Credential[]> {
    const url = normalizeUrl(serverUrl);
    return (await vault.list()).filter((c) => c.provider === COCALC && normalizeUrl(c.serviceUrl) === url && c.remoteId !== undefined);
  }

  const view = (k: CocalcKeyInfo, projectId: string | null, credential: Credential | undefined, gone: boolean): CocalcListedKey => ({
    id: k.id, name: k.name, trunc: k.trunc, expire: k.expire, created: k.created, lastActive: k.lastActive, projectId,
    expired: k.expire !== null && k.expire <= now(),
    held: credential !== undefined,
    ...(credential ? { credentialId: credential.id } : {}),
    goneOnServer: gone,
  });

  function fromCredential(c: Credential): CocalcKeyInfo {
    return { id: Number(c.remoteId), name: c.app, trunc: null, expire: c.expiresAt ?? null, created: c.createdAt, lastActive: null };
  }

  return {
    async createKey(serverUrl, { app, projectId, expire, auth = session }) {
      const api = client(serverUrl, auth);
      const created = await api.create({ app, ...(projectId ? { projectId } : {}), ...(expire !== undefined ? { expire } : {}) });
      const credential = await vault.add({
        provider: COCALC,
        serviceUrl: api.serverUrl,
        app,
        secrets: { apiKey: created.secret },
        source: 'account-api',
        createdAt: created.created ?? now(),
        remoteId: String(created.id),
        ...(created.expire !== null ? { expiresAt: created.expire } : {}),
        details: { project: projectId ?? 'account', ...(created.trunc ? { key: created.trunc } : {}) },
      });
      return { credentialId: credential.id, key: view(created, projectId ?? null, credential, false) };
    },

    async listKeys(serverUrl, auth = session) {
      const api = client(serverUrl, auth);
      const mine = await held(serverUrl);
      const byId = new Map(mine.map((c) => [c.remoteId, c]));
      const projects = [...new Set(mine.flatMap((c) => (c.details?.project && c.details.project !== 'account' ? [c.details.project] : [])))];
      const out: CocalcListedKey[] = [];
      const seen = new Set<string>();
      const add = (keys: CocalcKeyInfo[], projectId: string | null) => {
        for (const k of keys) {
          seen.add(String(k.id));
          out.push(view(k, projectId, byId.get(String(k.id)), false));
        }
      };
      add(await api.list(), null);
      for (const projectId of projects) {
        // A project the user left lists nothing for them: its keys are dead (CoCalc deletes them on use).
        const keys = await api.list(projectId).catch((error: unknown) => {
          if (error instanceof KeyDeckError && error.code === 'forbidden' && /collaborator/.test(error.message)) return [];
          throw error;
        });
        add(keys, projectId);
      }
      for (const c of mine) if (!seen.has(c.remoteId ?? '')) out.push(view(fromCredential(c), projectOf(c), c, true));
      return out;
    },

    async deleteKey(credentialId, auth = session) {
      const credential = await vault.get(credentialId);
      if (credential.provider !== COCALC || credential.remoteId === undefined)
        throw new KeyDeckError('unsupported', 'This entry is not a CoCalc account key KeyDeck created.');
      const api = client(credential.serviceUrl, auth);
      const projectId = projectOf(credential) ?? undefined;
      await api.remove(Number(credential.remoteId), projectId).catch((error: unknown) => {
        // The project was left: CoCalc has already dropped the key.
        if (projectId && error instanceof KeyDeckError && /collaborator/.test(error.message)) return;
        throw error;
      });
      await vault.remove(credentialId);
    },
  };
}

export function projectOf(c: Credential): string | null {
  const project = c.details?.project;
  return project && project !== 'account' ? project : null;
}
