import { t } from '../../shared/i18n';
import type { Verification } from '../../shared/credential';
import type { OctoPrintClient, Server } from './client';

/**
 * How the warnings below begin: a farm manager's sender refuses keys that carry them. Warnings are
 * stored as text, so a check made in another UI language is not recognised (the `_api` user still is).
 */
export const globalKeyWarning = () => t('warnGlobalKey');
export const farmGroupsWarning = () => t('warnFarmGroups');

export interface OctoPrintCheck extends Verification {
  user?: string;
  serverVersion?: string;
}

/**
 * Is this key usable, and for what? `/api/version` is the validity check (403 for a rejected key);
 * `/api/currentuser` names the user and groups; `/api/settings` tells whether CORS is on.
 * Group ids as OctoPrint stores them: "admins" is Admins, "users" is Operator.
 */
export async function verifyOctoPrintKey(client: OctoPrintClient, server: Server, key: string, at: number): Promise<OctoPrintCheck> {
  const serverVersion = await client.version(server, key);
  if (serverVersion === null)
    return {
      at,
      ok: false,
      // A key approved while someone used the global API key belongs to the pseudo-user _api and is
      // rejected like a revoked one (OctoPrint 1.11.8): the message names that case too.
      summary: t('verifyRejected'),
      warnings: [],
    };
  const user = await client.currentUser(server, key);
  if (!user.name)
    return {
      at,
      ok: false,
      serverVersion,
      summary: t('verifyNoUser'),
      warnings: [],
    };

  const warnings: string[] = [];
  if (user.name === '_api')
    warnings.push(
      t('warnGlobalKeyFull', globalKeyWarning()),
    );
  const missing = [
    ...(user.groups.includes('admins') ? [] : ['Admins']),
    ...(user.groups.includes('users') ? [] : ['Operator']),
  ];
  if (missing.length > 0)
    warnings.push(t('warnMissingGroups', user.name, missing.join(` ${t('wordOr')} `), farmGroupsWarning()));
  const cors = await client.corsEnabled(server, key);
  if (cors === false)
    warnings.push(
      t('warnCorsOff'),
    );
  return { at, ok: true, user: user.name, serverVersion, summary: t('verifyWorksAs', user.name, serverVersion), warnings };
}
