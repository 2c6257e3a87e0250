import { apiKeyOf, type Credential, type Verification } from '../../shared/credential';
import { isRefused, KeyDeckError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import type { ProviderContext } from '../types';
import { createFdmMonsterClient } from './client';

/**
 * FDM Monster's own `fdmm_api_` keys. Verify asks for the printer list (`GET /api/v2/printer`), the
 * very thing KeyDeck uses the key for: 200 means it works and may manage printers (OPERATOR or
 * ADMIN). The list, OctoPrint keys included, is dropped here.
 */
export async function verifyFdmMonsterKey(credential: Credential, ctx: ProviderContext): Promise<{ verification: Verification }> {
  const at = ctx.now();
  const api = createFdmMonsterClient(ctx.http, credential.serviceUrl, apiKeyOf(credential));
  try {
    const count = (await api.listPrinters()).length;
    return { verification: { at, ok: true, summary: t('fdmKeyAccepted', api.host, String(count)), warnings: [] } };
  } catch (error) {
    if (isRefused(error)) return { verification: { at, ok: false, summary: error instanceof Error ? error.message : String(error), warnings: [] } };
    throw error;
  }
}

/**
 * FDM Monster deletes an API key only for an ADMIN (`DELETE /api/v2/api-keys/:id`, a signed-in admin's
 * JWT); KeyDeck does that in the Accounts panel (account-keys.ts), where the user signs in. Revoke here
 * has no sign-in, so it confirms: a key FDM Monster no longer accepts is gone; one it still accepts is the user's to delete
 * in FDM Monster.
 */
export async function revokeFdmMonsterKey(credential: Credential, _others: readonly Credential[], ctx: ProviderContext): Promise<void> {
  const api = createFdmMonsterClient(ctx.http, credential.serviceUrl, apiKeyOf(credential));
  if (!(await api.accepts())) return; // confirmed: FDM Monster no longer takes it
  throw new KeyDeckError(
    'revoke-failed',
    t('errFdmStillAccepts', api.host, credential.details?.label ? ` ("${credential.details.label}")` : ''),
  );
}
