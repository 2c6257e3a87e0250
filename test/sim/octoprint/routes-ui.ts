// Browser-facing routes: "/" (main UI or wizard), "/login/", static assets and the
// sim-only "/sim/pending" feed that replaces OctoPrint's socket push.
import { can, type Ctx } from './context';
import { html, json, nonCaching, redirect, type SimResponse } from './http-util';
import { indexPage } from './pages/index';
import { loginPage } from './pages/login';
import { wizardPage } from './pages/wizard';
import { csrfCookieName, fail, fullPath, loginRedirect, withCsrfCookie } from './respond';
import type { Route } from './router';
import { formatCookie } from './sessions';

const UI_PERMISSIONS = ['STATUS', 'SETTINGS_READ'];

/** index(): wizard before set-up (C02), login redirect for visitors (B09), else the UI. */
function index(ctx: Ctx): SimResponse {
  const { state, req } = ctx;
  if (!state.setUp) {
    return withCsrfCookie(ctx, nonCaching(html(200, wizardPage(req.scriptRoot, state.version, state.features.versionAttribute))));
  }
  if (!UI_PERMISSIONS.every((p) => can(ctx, p))) {
    return loginRedirect(ctx, [['redirect', fullPath(ctx)], ['permissions', UI_PERMISSIONS.join(',')]]);
  }
  const page = indexPage({
    scriptRoot: req.scriptRoot, csrfCookie: csrfCookieName(ctx), user: ctx.id.principal?.name ?? '',
    version: state.version, versionAttr: state.features.versionAttribute, pluginEnabled: state.pluginEnabled,
  });
  return withCsrfCookie(ctx, nonCaching(html(200, page)));
}

/** views.login: straight to `redirect` when the requirements are already met. */
function login(ctx: Ctx): SimResponse {
  const { state, req } = ctx;
  const fallback = `${req.scriptRoot}/`;
  let target = req.query.get('redirect') ?? fallback;
  // Only local targets (the real view drops URLs with a scheme or host).
  if (!target.startsWith('/') || target.startsWith('//')) target = fallback;
  const perms = (req.query.get('permissions') ?? '').split(',').filter(Boolean);
  const needed = perms.length > 0 ? perms : UI_PERMISSIONS;
  const userId = req.query.get('user_id') ?? '';
  const reauth = (req.query.get('reauthenticate') ?? 'false').toLowerCase() === 'true';
  const me = ctx.id.principal?.name;
  if (me && (!userId || userId === me) && needed.every((p) => can(ctx, p)) && !reauth) return redirect(target);
  const res = html(200, loginPage({
    scriptRoot: req.scriptRoot, redirectUrl: target, userId, reauthenticate: reauth, csrfCookie: csrfCookieName(ctx),
  }));
  if (!ctx.id.session) {
    // Visiting /login/ starts a (still anonymous) session, transcript step 04.
    const s = state.sessions.create();
    res.headers.push(['Set-Cookie', formatCookie({ name: `session${req.cookieSuffix}`, value: s.id, path: req.cookiePath, httpOnly: true })]);
  }
  return withCsrfCookie(ctx, res);
}

const TYPES: Record<string, string> = {
  js: 'application/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Tiny stand-ins for OctoPrint's static files (packed_libs/client/core.js and friends). */
function staticAsset(ctx: Ctx, [rest = '']: string[]): SimResponse {
  const ext = rest.split('.').pop() ?? '';
  const type = TYPES[ext];
  if (!type) return fail(ctx, 404);
  const name = rest.split('/').pop() ?? rest;
  const body = ext === 'js'
    ? `/* OctoPrint simulator stand-in for ${name} */\nwindow.OctoPrintSim = window.OctoPrintSim || {version: ${JSON.stringify(ctx.state.version)}};\n`
    : ext === 'svg' ? '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>' : `/* ${name} */\n`;
  return { status: 200, headers: [['Content-Type', type], ['Cache-Control', 'public, max-age=0']], body };
}

/** Sim-only: what the socket would push to this user (bound to them or unbound). */
function simPending(ctx: Ctx): SimResponse {
  const me = ctx.id.principal?.name;
  if (!me) return fail(ctx, 403);
  const list = ctx.state.pluginEnabled ? ctx.state.store.pendingForUser(me) : [];
  const items = list.map((p) => ({ app_id: p.appId, remote_address: p.remoteAddress, user_id: p.userId, user_token: p.userToken }));
  return json(200, items, [['Cache-Control', 'no-store']]);
}

export const uiRoutes: readonly Route[] = [
  { method: 'GET', pattern: /^\/$/, family: 'ui', handle: index },
  { method: 'GET', pattern: /^\/login\/?$/, family: 'ui', handle: login },
  { method: 'GET', pattern: /^\/static\/(.+)$/, family: 'ui', handle: staticAsset },
  { method: 'GET', pattern: /^\/plugin\/appkeys\/static\/(.+)$/, family: 'plugin', appkeys: true, handle: staticAsset },
  { method: 'GET', pattern: /^\/sim\/pending$/, family: 'sim', handle: simPending },
];
