import { maskKey } from '../../shared/credential';
import { KeyDeckError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import type { AccountApi, AccountKeyView } from '../types';
import { createFdmAccountClient, prefixOf } from './account-client';
import { signInToFdmMonster } from './client';
import { fdmSessions } from './sessions';

/** FDM Monster allows labels of 1 to 80 characters. */
const MAX_LABEL = 80;

/**
 * FDM Monster accounts: sign in with user name and password (sent once, kept nowhere; the JWT FDM
 * Monster answers with stays in memory, sessions.ts), then KeyDeck makes itself an OPERATOR
 * `fdmm_api_` key labelled with the app name and keeps it in the vault; list and delete need the admin.
 */
export const fdmMonsterAccounts: AccountApi = {
  form: { signIn: 'password', signInName: 'username', projects: false, expiry: false },

  async signIn(ctx, serverUrl, username, password) {
    fdmSessions.set(serverUrl, await signInToFdmMonster(ctx.http, serverUrl, username, password));
  },

  async create(ctx, { serverUrl, app, projectId, expire }, auth) {
    if (projectId || expire) throw new KeyDeckError('invalid-input', t('errFdmNoProject'));
    if (app.length > MAX_LABEL) throw new KeyDeckError('invalid-input', t('errFdmLabelTooLong', String(MAX_LABEL)));
    const api = createFdmAccountClient(ctx.http, serverUrl, auth);
    const { id, token } = await api.create(app);
    return {
      provider: 'fdm-monster',
      serviceUrl: api.serverUrl,
      app,
      secrets: { apiKey: token },
      source: 'account-api',
      createdAt: ctx.now(),
      remoteId: String(id),
      details: { label: app },
    };
  },

  async list(ctx, serverUrl, auth, heldKeys) {
    const onServer = await createFdmAccountClient(ctx.http, serverUrl, auth).list();
    // FDM Monster lists no tokens, only the prefix it keeps in clear to find one: that matches a pasted key too.
    const heldBy = (k: { prefix: string }) => heldKeys.find((c) => prefixOf(c.secrets.apiKey ?? '') === k.prefix);
    const listed = new Set(onServer.map((k) => heldBy(k)?.id));
    return [
      ...onServer.map((k): AccountKeyView => {
        const c = heldBy(k);
        return { label: k.label, shown: c ? maskKey(c.secrets.apiKey) : `fdmm_api_${k.prefix.slice(0, 4)}…`, expired: false, held: c !== undefined, ...(c ? { credentialId: c.id } : {}), goneOnServer: false };
      }),
      ...heldKeys
        .filter((c) => !listed.has(c.id))
        .map((c): AccountKeyView => ({ label: c.details?.label ?? c.app, shown: maskKey(c.secrets.apiKey), expired: false, held: true, credentialId: c.id, goneOnServer: true })),
    ];
  },

  async remove(ctx, credential, auth) {
    const api = createFdmAccountClient(ctx.http, credential.serviceUrl, auth);
    // A pasted key has no id: FDM Monster's list finds it by the prefix it keeps in clear.
    const id = credential.remoteId ? Number(credential.remoteId) : (await api.list()).find((k) => k.prefix === prefixOf(credential.secrets.apiKey ?? ''))?.id;
    if (id === undefined) return; // FDM Monster no longer has it: forgetting it locally is all that is left
    await api.remove(id);
  },
};
