// The appkeys blueprint: /plugin/appkeys/{probe,request,request/T,auth/T,decision/UT}.
// Order of checks follows src/octoprint/plugins/appkeys/__init__.py (1.11.x).
import { can, credentialsFresh, csrfOk, isRecord, isTrue, readJson, type Ctx } from './context';
import { html, json, noContent, nonCaching, type SimResponse } from './http-util';
import { authDialogPage } from './pages/authdialog';
import { csrfCookieName, fail, fullPath, loginRedirect, withCsrfCookie } from './respond';
import type { Route } from './router';

const GRANT = 'PLUGIN_APPKEYS_GRANT';
const TOKEN = '([^/]+)';

/** handle_probe (@no_firstrun_access): 204, or 403 before set-up (transcript C02). */
function probe(ctx: Ctx): SimResponse {
  return ctx.state.setUp ? noContent() : fail(ctx, 403);
}

/** handle_request: the limiter wraps no_firstrun_access, so even 403/400 answers count. */
function request(ctx: Ctx): SimResponse {
  const { state, req } = ctx;
  if (state.limiter && !state.limiter.hit(req.remoteAddress)) {
    return fail(ctx, 429, 'You have made too many app key requests. Please try again later.');
  }
  if (!state.setUp) return fail(ctx, 403);
  const body = readJson(req);
  if (!body.ok) return fail(ctx, 400);
  if (body.data === null) return fail(ctx, 400, 'Missing data');
  if (!isRecord(body.data) || !('app' in body.data)) return fail(ctx, 400, 'No app name provided');
  const appName = String(body.data.app);
  const rawUser = body.data.user;
  const userId = rawUser ? String(rawUser) : null;
  const p = state.store.addPending(req.remoteAddress, appName, userId);
  const base = `${req.externalBase}/plugin/appkeys`;
  // The ?user= suffix is appended unencoded by an f-string in the real code.
  const payload: Record<string, string> = { app_token: p.appToken };
  if (state.features.authDialog) payload.auth_dialog = `${base}/auth/${p.appToken}` + (userId ? `?user=${userId}` : '');
  return json(201, payload, [['Location', `${base}/request/${p.appToken}`]]);
}

/** handle_decision_poll: 202 while pending (and resets its 5 s timer), 200 once, else 404. */
function poll(ctx: Ctx, [token = '']: string[]): SimResponse {
  const { store } = ctx.state;
  if (!ctx.state.setUp) return fail(ctx, 403);
  if (store.pendingByAppToken(token, true).length > 0) return json(202, { message: 'Awaiting decision' });
  const key = store.takeDecision(token);
  return key === null ? fail(ctx, 404) : json(200, { api_key: key });
}

/** handle_auth_dialog (1.8+): 404 unknown token, login redirects, then the page. */
function authDialog(ctx: Ctx, [token = '']: string[]): SimResponse {
  const { state, req } = ctx;
  if (!state.features.authDialog) return fail(ctx, 404);
  if (!state.setUp) return fail(ctx, 403);
  const pendings = state.store.pendingByAppToken(token);
  if (pendings.length === 0) return fail(ctx, 404);
  const required = req.query.get('user');
  const current = ctx.id.principal?.name ?? null;
  // require_fresh_login_with -> require_login_with (src/octoprint/server/util/__init__.py).
  const pairs: Array<[string, string]> = [['redirect', fullPath(ctx)]];
  let needsLogin = false;
  if (!can(ctx, GRANT)) {
    needsLogin = true;
    pairs.push(['permissions', GRANT]);
  }
  if (required !== null && current !== required) {
    needsLogin = true;
    pairs.push(['user_id', required]);
  }
  if (needsLogin) return loginRedirect(ctx, pairs);
  if (!credentialsFresh(ctx)) {
    return loginRedirect(ctx, [['redirect', fullPath(ctx)], ['reauthenticate', 'true'], ['user_id', current ?? '']]);
  }
  const pending = pendings.find((p) => p.userId === required || (required === null && p.userId === current));
  if (!pending) return fail(ctx, 404);
  const page = authDialogPage({
    scriptRoot: req.scriptRoot, userToken: pending.userToken, redirectUrl: req.query.get('redirect') ?? '',
    user: current ?? '', app: pending.appId, remoteAddress: pending.remoteAddress, csrfCookie: csrfCookieName(ctx),
  });
  return withCsrfCookie(ctx, nonCaching(html(200, page)));
}

/** handle_decision (@restricted_access, CSRF-protected unless authenticated by key). */
function decision(ctx: Ctx, [userToken = '']: string[]): SimResponse {
  const { state, req } = ctx;
  if (!csrfOk(ctx)) return fail(ctx, 400, 'CSRF validation failed');
  if (!state.setUp || !ctx.id.principal) return fail(ctx, 403);
  const body = readJson(req);
  if (!body.ok) return fail(ctx, 400);
  if (!isRecord(body.data) || !('decision' in body.data)) return fail(ctx, 400, 'No decision provided');
  if (state.features.grantPermission && !can(ctx, GRANT)) return fail(ctx, 403, 'No permission to grant app access');
  if (!credentialsFresh(ctx)) return fail(ctx, 403, 'Please reauthenticate with your credentials');
  const decided = isTrue(body.data.decision);
  if (!state.store.setDecision(userToken, decided, ctx.id.principal.name)) return fail(ctx, 404);
  return noContent();
}

export const appkeysRoutes: readonly Route[] = [
  { method: 'GET', pattern: /^\/plugin\/appkeys\/probe$/, family: 'plugin', appkeys: true, handle: probe },
  { method: 'POST', pattern: /^\/plugin\/appkeys\/request$/, family: 'plugin', appkeys: true, handle: request },
  { method: 'GET', pattern: new RegExp(`^/plugin/appkeys/request/${TOKEN}$`), family: 'plugin', appkeys: true, handle: poll },
  { method: 'GET', pattern: new RegExp(`^/plugin/appkeys/auth/${TOKEN}$`), family: 'plugin', appkeys: true, handle: authDialog },
  { method: 'POST', pattern: new RegExp(`^/plugin/appkeys/decision/${TOKEN}$`), family: 'plugin', appkeys: true, handle: decision },
];
