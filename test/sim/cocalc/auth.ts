// Who is asking. Sources (sagemathinc/cocalc):
// - src/packages/server/auth/get-account.ts getAccountId: a remember_me cookie wins; only
//   without one is the Authorization header looked at, and any error there means "not signed in".
// - src/packages/server/auth/remember-me.ts getRememberMeHash: the cookie must split into 4 parts
//   on "$", else it throws "badly formatted remember_me cookie" (not caught by getAccountId).
// - src/packages/backend/auth/cookie-names.ts: REMEMBER_ME_COOKIE_NAME = "remember_me"
//   (prefixed with the url-encoded base path when there is one).
// - src/packages/server/auth/api.ts getApiKey: "Bearer KEY", or "Basic base64(KEY:anything)".
// - src/packages/server/api/manage.ts getAccountWithApiKey: legacy `sk_` keys first, then the row
//   named by the last 6 characters; a project key whose owner left the project is deleted, an
//   expired key (`expire <= Date.now()`) is deleted, a good key gets last_active = now.
import { decode62 } from './keys';
import { readCookie, type SimRequest } from './http';
import type { CocalcStore } from './store';
import type { SimClock } from './types';

export const REMEMBER_ME_COOKIE = 'remember_me';
export const ACCOUNT_ID_COOKIE = 'account_id';

/** getApiKey: misc.split on whitespace; unknown schemes throw. */
export function apiKeyFromHeader(header: string): string | undefined {
  const [type, user] = header.match(/\S+/g) ?? [];
  switch (type) {
    case 'Bearer':
      return user;
    case 'Basic':
      return Buffer.from(user ?? '', 'base64').toString().split(':')[0];
  }
  throw new Error(`Unknown authorization type '${type ?? ''}'`);
}

export type KeyOwner = { accountId: string; projectId?: undefined } | { accountId?: undefined; projectId: string };

export function accountWithApiKey(store: CocalcStore, clock: SimClock, secret: string | undefined): KeyOwner | undefined {
  if (typeof secret !== 'string') throw new TypeError("Cannot read properties of undefined (reading 'startsWith')");
  if (secret.startsWith('sk_')) {
    const legacy = store.accountByLegacyKey(secret);
    if (legacy) return { accountId: legacy.accountId };
  }
  const id = decode62(secret.slice(-6));
  const row = store.byId(id);
  if (!row || row.secret !== secret) return undefined;
  if (row.projectId && !store.isCollaborator(row.accountId, row.projectId)) {
    store.remove(id);
    return undefined;
  }
  if (row.expire !== null && row.expire <= clock.now()) {
    store.remove(id);
    return undefined;
  }
  row.lastActive = clock.now();
  return row.projectId ? { projectId: row.projectId } : { accountId: row.accountId };
}

/**
 * getAccountId: account_id, or (for a project key) the project_id, or undefined.
 * Throws only for a badly formatted remember_me cookie.
 */
export function accountIdOf(req: SimRequest, store: CocalcStore, clock: SimClock): string | undefined {
  const rememberMe = readCookie(req.headers.cookie, REMEMBER_ME_COOKIE);
  if (!rememberMe) {
    const authorization = req.headers.authorization;
    if (!authorization) return undefined;
    try {
      const owner = accountWithApiKey(store, clock, apiKeyFromHeader(authorization));
      return owner?.accountId ?? owner?.projectId;
    } catch {
      return undefined;
    }
  }
  if (rememberMe.split('$').length !== 4) throw new Error('badly formatted remember_me cookie');
  return store.accountFromRememberMe(rememberMe);
}
