import { apiKeyOf, maskKey } from '../../shared/credential';
import { KeyDeckError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import type { AccountApi, AccountKeyView } from '../types';
import { createConduceClient } from './client';

/** Conduce's account API keys: sign in (the password used once), create (described by the app's name), list, delete. */
export const conduceAccounts: AccountApi = {
  form: { signIn: 'password', projects: false, expiry: false },

  async signIn(ctx, serverUrl, email, password) {
    await createConduceClient(ctx, serverUrl, { kind: 'session' }).signIn(email, password);
  },

  async create(ctx, { serverUrl, app, projectId }, auth) {
    if (projectId) throw new KeyDeckError('invalid-input', t('errConduceNoProject'));
    const api = createConduceClient(ctx, serverUrl, auth);
    const apikey = await api.create(app);
    return {
      provider: 'conduce',
      serviceUrl: api.serverUrl,
      app,
      secrets: { apiKey: apikey },
      source: 'account-api',
      createdAt: ctx.now(),
      details: { description: app },
    };
  },

  async list(ctx, serverUrl, auth, heldKeys) {
    const onServer = await createConduceClient(ctx, serverUrl, auth).list();
    const listed = new Set(onServer.map((k) => k.apikey));
    const byKey = new Map(heldKeys.map((c) => [c.secrets.apiKey, c]));
    return [
      ...onServer.map((k): AccountKeyView => {
        const c = byKey.get(k.apikey);
        return { label: k.description ?? '', shown: maskKey(k.apikey), expired: false, held: c !== undefined, ...(c ? { credentialId: c.id } : {}), goneOnServer: false };
      }),
      ...heldKeys
        .filter((c) => !listed.has(c.secrets.apiKey ?? ''))
        .map((c): AccountKeyView => ({ label: c.details?.description ?? c.app, shown: maskKey(c.secrets.apiKey), expired: false, held: true, credentialId: c.id, goneOnServer: true })),
    ];
  },

  async remove(ctx, credential, auth) {
    // 'not-found' means Conduce no longer has it: forgetting it locally is all that is left.
    await createConduceClient(ctx, credential.serviceUrl, auth).remove(apiKeyOf(credential));
  },
};
