// The endpoints. Every /api/v2 handler answers 200 with JSON, errors included ({error: message}):
// src/packages/next/pages/api/v2/api-keys.ts      -> {response} | {error}
// src/packages/next/pages/api/v2/auth/sign-in.ts  -> {account_id} + cookies | {error: "Problem signing into account -- ..."}
// src/packages/next/pages/api/v2/accounts/sign-out.ts -> {} (deletes the remember_me row(s))
// Cookies: src/packages/server/auth/set-sign-in-cookies.ts (6 months; account_id readable by
// scripts, remember_me http-only with sameSite = samesite_remember_me).
import { ACCOUNT_ID_COOKIE, REMEMBER_ME_COOKIE, accountIdOf } from './auth';
import { ApiError, formatCookie, html, nextJson, param, parseNextBody, readCookie, sendError, type SimRequest, type SimResponse } from './http';
import { manageApiKeys } from './manage';
import { homePage, notFoundPage, signInPage } from './pages';
import type { CocalcStore } from './store';
import type { SimClock } from './types';

/** set-sign-in-cookies.ts DEFAULT_MAX_AGE_MS: 6 months of 30 days. */
export const SIGN_IN_MAX_AGE_MS = 24 * 3600 * 30 * 1000 * 6;

export interface CocalcState {
  clock: SimClock;
  store: CocalcStore;
  siteName: string;
  sameSite: 'strict' | 'lax';
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function apiKeys(state: CocalcState, req: SimRequest): SimResponse {
  const body = parseNextBody(req);
  try {
    const accountId = accountIdOf(req, state.store, state.clock);
    if (!accountId) throw new Error('must be signed in');
    const get = (key: string): unknown => param(req, body, key);
    const response = manageApiKeys(state.store, accountId, {
      action: get('action'), project_id: get('project_id'), name: get('name'), expire: get('expire'), id: get('id'),
    });
    return nextJson({ response });
  } catch (err) {
    return nextJson({ error: message(err) });
  }
}

/** getAccount(email, password) of sign-in.ts. */
function checkPassword(state: CocalcState, email: string, password: unknown): string {
  if (password === undefined || password === null) throw new TypeError(`Cannot read properties of ${String(password)} (reading 'length')`);
  const user = state.store.accountByEmail(email);
  if (!user) throw new Error(`no account with email address '${email}'`);
  if (password !== user.password) throw new Error(`password for '${email}' is incorrect`);
  return user.accountId;
}

/** signUserIn + setSignInCookies: account_id is set first (no await before it), then remember_me. */
export function signInCookies(state: CocalcState, accountId: string): Array<[string, string]> {
  const expires = state.clock.now() + SIGN_IN_MAX_AGE_MS;
  const value = state.store.createRememberMe(accountId, SIGN_IN_MAX_AGE_MS);
  return [
    ['Set-Cookie', formatCookie({ name: ACCOUNT_ID_COOKIE, value: accountId, expires, httpOnly: false })],
    ['Set-Cookie', formatCookie({ name: REMEMBER_ME_COOKIE, value, expires, sameSite: state.sameSite, httpOnly: true })],
  ];
}

function signIn(state: CocalcState, req: SimRequest): SimResponse {
  const body = parseNextBody(req);
  const rawEmail = param(req, body, 'email');
  // `email.toLowerCase()` outside any try: a missing email is an unhandled TypeError -> 500.
  if (typeof rawEmail !== 'string') throw new TypeError("Cannot read properties of undefined (reading 'toLowerCase')");
  const email = rawEmail.toLowerCase().trim();
  let accountId: string;
  try {
    accountId = checkPassword(state, email, param(req, body, 'password'));
  } catch (err) {
    return nextJson({ error: `Problem signing into account -- ${message(err)}.` });
  }
  return nextJson({ account_id: accountId }, signInCookies(state, accountId));
}

function signOut(state: CocalcState, req: SimRequest): SimResponse {
  const body = parseNextBody(req);
  try {
    if (param(req, body, 'all')) {
      const accountId = accountIdOf(req, state.store, state.clock);
      if (accountId) state.store.deleteAllRememberMe(accountId);
    } else {
      const value = readCookie(req.headers.cookie, REMEMBER_ME_COOKIE);
      if (value && value.split('$').length !== 4) throw new Error('badly formatted remember_me cookie');
      if (value) state.store.deleteRememberMe(value);
    }
    return nextJson({});
  } catch (err) {
    return nextJson({ error: message(err) });
  }
}

/** getServerSideProps pages: Next marks them uncacheable. */
function page(body: string): SimResponse {
  const res = html(200, body);
  res.headers.push(['Cache-Control', 'private, no-cache, no-store, max-age=0, must-revalidate']);
  return res;
}

function home(state: CocalcState, req: SimRequest): SimResponse {
  let email: string | undefined;
  try {
    const id = accountIdOf(req, state.store, state.clock);
    email = Object.values(state.store.users).find((u) => u.accountId === id)?.email;
  } catch {
    email = undefined;
  }
  return page(homePage(state.siteName, email));
}

const ROUTES: Record<string, (state: CocalcState, req: SimRequest) => SimResponse> = {
  '/api/v2/api-keys': apiKeys,
  '/api/v2/auth/sign-in': signIn,
  '/api/v2/accounts/sign-out': signOut,
  '/auth/sign-in': (state) => page(signInPage(state.siteName)),
  '/': home,
};

/** Next's trailing-slash redirect (308), routing, and its error handling for API routes. */
export function dispatch(state: CocalcState, req: SimRequest): SimResponse {
  if (req.path.length > 1 && req.path.endsWith('/')) {
    const target = req.path.replace(/\/+$/, '') || '/';
    return { status: 308, headers: [['Location', target], ['Refresh', `0;url=${target}`]], body: target };
  }
  const handler = ROUTES[req.path];
  if (!handler) return html(404, notFoundPage());
  try {
    return handler(state, req);
  } catch (err) {
    if (err instanceof ApiError) return sendError(err.status, err.message);
    return sendError(500, 'Internal Server Error');
  }
}
