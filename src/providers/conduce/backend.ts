import { apiKeyOf, type Credential, type Verification } from '../../shared/credential';
import { isRefused, KeyDeckError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import type { AccountAuth } from '../http';
import type { ProviderContext } from '../types';
import { createConduceClient } from './client';

/**
 * Conduce keys: verify lists the account's keys with the key itself (accepted, and listed).
 * Revoke cannot use the key itself (Conduce forbids it): another key KeyDeck holds for the same
 * server, else the browser's Conduce session.
 */
export async function verifyConduceKey(credential: Credential, ctx: ProviderContext): Promise<{ verification: Verification }> {
  const at = ctx.now();
  const key = apiKeyOf(credential);
  const api = createConduceClient(ctx, credential.serviceUrl, { kind: 'key', key });
  const host = new URL(api.serverUrl).host;
  try {
    const listed = (await api.list()).some((k) => k.apikey === key);
    const summary = listed ? t('conduceKeyAccepted', host) : t('conduceKeyUnlisted', host);
    return { verification: { at, ok: listed, summary, warnings: [] } };
  } catch (error) {
    if (isRefused(error)) return { verification: { at, ok: false, summary: t('conduceKeyRefused', host), warnings: [] } };
    throw error;
  }
}

export async function revokeConduceKey(credential: Credential, others: readonly Credential[], ctx: ProviderContext): Promise<void> {
  const key = apiKeyOf(credential);
  /** Whether Conduce still takes the key at all (listed or not). */
  const accepted = () =>
    createConduceClient(ctx, credential.serviceUrl, { kind: 'key', key })
      .list()
      .then(
        () => true,
        (error: unknown) => (isRefused(error) ? false : Promise.reject(error)),
      );
  const revokers: AccountAuth[] = [
    ...others.flatMap((o): AccountAuth[] =>
      o.provider === credential.provider && o.serviceUrl === credential.serviceUrl && o.secrets.apiKey && o.secrets.apiKey !== key ? [{ kind: 'key', key: o.secrets.apiKey }] : [],
    ),
    { kind: 'session' },
  ];
  for (const auth of revokers) {
    if (!(await accepted())) return; // confirmed: Conduce no longer accepts it
    await createConduceClient(ctx, credential.serviceUrl, auth)
      .remove(key)
      .catch((error: unknown) => {
        if (isRefused(error) || (error instanceof KeyDeckError && error.code === 'invalid-input')) return; // try the next
        throw error;
      });
  }
  if (!(await accepted())) return;
  throw new KeyDeckError(
    'revoke-failed',
    t('errConduceStillAccepts'),
  );
}
