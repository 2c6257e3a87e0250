import type { Credential } from '../../shared/credential';
import { KeyDeckError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import { withoutTrailingSlash } from '../../shared/validation';
import type { AccountApi, AccountKeyView } from '../types';
import { createCocalcClient, type CocalcKeyInfo } from './client';

/** The project a held key belongs to, or null for an account key. */
export function projectOf(c: Credential): string | null {
  const project = c.details?.project;
  return project && project !== 'account' ? project : null;
}

const leftProject = (error: unknown) => error instanceof KeyDeckError && /collaborator/.test(error.message);

/** CoCalc's account API keys: create (optionally for a project, with an expiry), list, delete. */
export const cocalcAccounts: AccountApi = {
  form: {
    signIn: 'browser',
    signInPage: (serverUrl) => `${withoutTrailingSlash(serverUrl)}/auth/sign-in`,
    defaultServer: 'cocalcUrl',
    projects: true,
    expiry: true,
  },

  async create(ctx, { serverUrl, app, projectId, expire }, auth) {
    const api = createCocalcClient(ctx, serverUrl, auth);
    const created = await api.create({ app, ...(projectId ? { projectId } : {}), ...(expire !== undefined ? { expire } : {}) });
    return {
      provider: 'cocalc',
      serviceUrl: api.serverUrl,
      app,
      secrets: { apiKey: created.secret },
      source: 'account-api',
      createdAt: created.created ?? ctx.now(),
      remoteId: String(created.id),
      ...(created.expire !== null ? { expiresAt: created.expire } : {}),
      details: { project: projectId ?? 'account', ...(created.trunc ? { key: created.trunc } : {}) },
    };
  },

  async list(ctx, serverUrl, auth, heldKeys) {
    const api = createCocalcClient(ctx, serverUrl, auth);
    const mine = heldKeys.filter((c) => c.remoteId !== undefined);
    const byId = new Map(mine.map((c) => [c.remoteId, c]));
    const now = ctx.now();
    const view = (k: CocalcKeyInfo, project: string | null, credential: Credential | undefined, goneOnServer: boolean): AccountKeyView => ({
      label: k.name ?? `key ${k.id}`,
      shown: k.trunc ?? '',
      ...(project ? { project } : {}),
      ...(k.expire !== null ? { expiresAt: k.expire } : {}),
      expired: k.expire !== null && k.expire <= now,
      held: credential !== undefined,
      ...(credential ? { credentialId: credential.id } : {}),
      goneOnServer,
    });
    const out: AccountKeyView[] = [];
    const seen = new Set<string>();
    const add = (keys: CocalcKeyInfo[], project: string | null) => {
      for (const k of keys) {
        seen.add(String(k.id));
        out.push(view(k, project, byId.get(String(k.id)), false));
      }
    };
    add(await api.list(), null);
    for (const project of new Set(mine.flatMap((c) => projectOf(c) ?? []))) {
      // A project the user left lists nothing for them: its keys are dead (CoCalc deletes them on use).
      add(await api.list(project).catch((error: unknown) => (leftProject(error) ? [] : Promise.reject(error))), project);
    }
    for (const c of mine)
      if (!seen.has(c.remoteId ?? ''))
        out.push(view({ id: Number(c.remoteId), name: c.app, trunc: null, expire: c.expiresAt ?? null, created: c.createdAt, lastActive: null }, projectOf(c), c, true));
    return out;
  },

  async remove(ctx, credential, auth) {
    if (credential.remoteId === undefined) throw new KeyDeckError('unsupported', t('errCocalcNotKeydeckKey'));
    const projectId = projectOf(credential) ?? undefined;
    await createCocalcClient(ctx, credential.serviceUrl, auth)
      .remove(Number(credential.remoteId), projectId)
      // The project was left: CoCalc has already dropped the key.
      .catch((error: unknown) => (projectId && leftProject(error) ? undefined : Promise.reject(error)));
  },
};
