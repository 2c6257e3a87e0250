import { apiKeyOf, type Credential, type Verification } from '../../shared/credential';
import { isRefused, KeyDeckError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import type { ProviderContext } from '../types';
import { projectOf } from './account-keys';
import { createCocalcClient } from './client';

const DAY = 86_400_000;

/**
 * CoCalc keys: verify asks CoCalc, with the key itself, for the key's own row (accepted and listed);
 * revoke deletes it (an account key may delete itself; a project key needs the browser session).
 */
export async function verifyCocalcKey(credential: Credential, ctx: ProviderContext): Promise<{ verification: Verification }> {
  return { verification: await check(credential, ctx) };
}

async function check(credential: Credential, ctx: ProviderContext): Promise<Verification> {
  const at = ctx.now();
  const api = createCocalcClient(ctx, credential.serviceUrl, { kind: 'key', key: apiKeyOf(credential) });
  const host = new URL(api.serverUrl).host;
  const { expiryWarningDays } = await ctx.settings();
  const warnings: string[] = [];
  if (credential.expiresAt !== undefined && credential.expiresAt > at && credential.expiresAt - at < expiryWarningDays * DAY)
    warnings.push(t('warnExpiresOn', new Date(credential.expiresAt).toISOString().slice(0, 10)));
  if (credential.remoteId === undefined || projectOf(credential)) {
    // Without an id, or for a project key (which may not call the api-keys endpoint), acceptance is all we can see.
    try {
      await api.list();
    } catch (error) {
      if (isRefused(error)) return { at, ok: false, summary: t('cocalcKeyRefused', host), warnings };
      if (!(error instanceof KeyDeckError && error.code === 'invalid-input')) throw error;
    }
    return { at, ok: true, summary: t('cocalcKeyAccepted', host), warnings };
  }
  try {
    const row = await api.get(Number(credential.remoteId));
    if (!row) return { at, ok: false, summary: t('cocalcKeyUnlisted', host, String(credential.remoteId)), warnings };
    return { at, ok: true, summary: t('cocalcKeyAcceptedNamed', host, row.name ?? `#${row.id}`), warnings };
  } catch (error) {
    if (!isRefused(error)) throw error;
    const expired = credential.expiresAt !== undefined && credential.expiresAt <= at;
    return { at, ok: false, summary: expired ? t('cocalcKeyExpired', host) : t('cocalcKeyRefused', host), warnings };
  }
}

export async function revokeCocalcKey(credential: Credential, _others: readonly Credential[], ctx: ProviderContext): Promise<void> {
  if (credential.remoteId === undefined)
    throw new KeyDeckError('unsupported', t('errCocalcNoRemoteId'));
  const id = Number(credential.remoteId);
  const projectId = projectOf(credential);
  const stillAccepted = async () => (await check(credential, ctx)).ok;
  const revoke = (asKey: boolean) =>
    createCocalcClient(ctx, credential.serviceUrl, asKey ? { kind: 'key', key: apiKeyOf(credential) } : { kind: 'session' }).remove(id, projectId ?? undefined);
  try {
    // An account key deletes itself; a project key cannot use the endpoint, so it needs the session.
    await revoke(projectId === null);
  } catch (error) {
    if (!isRefused(error)) throw error;
    if (projectId === null && !(await stillAccepted())) return; // already gone
    await revoke(false);
  }
  if (await stillAccepted())
    throw new KeyDeckError('revoke-failed', t('errCocalcStillAccepts'));
}
