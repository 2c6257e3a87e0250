// Core API endpoints KeyDeck touches: /api/version, /api/currentuser,
// /api/settings, /api/login, /api/logout; and /api/printer, which FDM Monster polls. Shapes follow the transcript.
import { principalForName } from './auth';
import { can, csrfOk, isRecord, readJson, type Ctx } from './context';
import { json, type SimResponse } from './http-util';
import { fail } from './respond';
import type { Route } from './router';
import { formatCookie } from './sessions';
import { randomHex } from './tokens';
import { roleNeeds, type Principal } from './users';

const GUEST = { groups: ['guests'], name: null, permissions: [] as string[] };

/** GET /api/version needs STATUS: 403 otherwise, the best "is this key valid" check. */
function version(ctx: Ctx): SimResponse {
  if (!can(ctx, 'STATUS')) return fail(ctx, 403);
  const v = ctx.state.version;
  return json(200, { api: '0.1', server: v, text: `OctoPrint ${v}` });
}

/** GET /api/currentuser: always 200; an invalid key reads as a guest (transcript 11). */
function currentUser(ctx: Ctx): SimResponse {
  const p = ctx.id.principal;
  return json(200, p ? { groups: p.groups, name: p.name, permissions: p.permissions } : GUEST);
}

function settingsPayload(ctx: Ctx): Record<string, unknown> {
  const { state } = ctx;
  // The global key is only shown to admins (and does not exist before set-up, transcript C02).
  const key = state.setUp && can(ctx, 'ADMIN') ? state.globalKey : null;
  const out: Record<string, unknown> = {
    api: { allowCrossOrigin: state.settings.allowCrossOrigin, key },
    appearance: { closeModalsWithClick: true, color: 'default', colorIcon: true, colorTransparent: false,
      defaultLanguage: '_default', fuzzyTimes: true, name: '', showFahrenheitAlso: false, showInternalFilename: true },
    devel: { pluginTimings: false },
    feature: { keyboardControl: true, sdSupport: true, temperatureGraph: true },
    folder: { timelapse: '/home/pi/.octoprint/timelapse', uploads: '/home/pi/.octoprint/uploads',
      watched: '/home/pi/.octoprint/watched' },
  };
  if (state.setUp) out.accessControl = { autologinHeadsupAcknowledged: false, autologinLocal: false };
  return out;
}

/** GET /api/settings: SETTINGS_READ, or anyone during the first run (transcript C02). */
function getSettings(ctx: Ctx): SimResponse {
  if (ctx.state.setUp && !can(ctx, 'SETTINGS_READ')) return fail(ctx, 403);
  return json(200, settingsPayload(ctx));
}

/** POST /api/settings: only api.allowCrossOrigin is honoured; takes effect at once (B11). */
function postSettings(ctx: Ctx): SimResponse {
  if (!csrfOk(ctx)) return fail(ctx, 400, 'CSRF validation failed');
  if (!can(ctx, 'SETTINGS')) return fail(ctx, 403);
  const body = readJson(ctx.req);
  if (!body.ok || !isRecord(body.data)) return fail(ctx, 400);
  const api = body.data.api;
  if (isRecord(api) && typeof api.allowCrossOrigin === 'boolean') ctx.state.settings.allowCrossOrigin = api.allowCrossOrigin;
  return json(200, settingsPayload(ctx));
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function userDict(p: Principal, mechanism: string, seen: number, session: string | null): Record<string, unknown> {
  const out: Record<string, unknown> = {
    _credentials_seen: isoSeconds(seen), _is_external_client: false, _login_mechanism: mechanism,
    active: true, admin: p.admin, apikey: p.apiKey, groups: p.groups, name: p.name,
    needs: { group: p.groups, role: roleNeeds(p.permissions) }, permissions: [], roles: p.roles,
    settings: {}, user: true,
  };
  // Transcript B12: re-login on a session that already belongs to the user has no "session" entry.
  if (session !== null) out.session = session;
  return out;
}

function formValues(ctx: Ctx): Record<string, unknown> {
  const body = readJson(ctx.req);
  if (body.ok && isRecord(body.data)) return body.data;
  return Object.fromEntries(new URLSearchParams(ctx.req.body.toString('utf8')));
}

/** POST /api/login: credentials (200 + session cookie) or passive; CSRF-protected since 1.8.3. */
function login(ctx: Ctx): SimResponse {
  const { state, req } = ctx;
  if (!csrfOk(ctx)) return fail(ctx, 400, 'CSRF validation failed');
  const data = formValues(ctx);
  const now = state.clock.now();
  if ('user' in data && 'pass' in data) {
    const name = String(data.user);
    const user = Object.values(state.users).find((u) => u.name === name);
    const principal = principalForName(state, name);
    if (!user || !principal || user.password !== String(data.pass)) return fail(ctx, 403);
    const old = ctx.id.session;
    const sameUser = old?.user === name;
    const session = state.sessions.login(old, name, now);
    const path = req.cookiePath;
    const sfx = req.cookieSuffix;
    const userSession = sameUser ? null : randomHex();
    if (userSession) state.userSessions.set(userSession, name);
    return json(200, userDict(principal, 'password', now, userSession), [
      ['Set-Cookie', formatCookie({ name: `active_logout${sfx}`, value: '', path, expire: true })],
      ['Set-Cookie', formatCookie({ name: 'active_logout', value: '', path: '/', expire: true, sameSite: false })],
      ['Set-Cookie', formatCookie({ name: `session${sfx}`, value: session.id, path, httpOnly: true })],
    ]);
  }
  if ('passive' in data) {
    const p = ctx.id.principal;
    if (!p) return json(200, GUEST);
    const seen = ctx.id.session?.credentialsSeen ?? now;
    // passive_login (src/octoprint/server/util/flask.py) logs the user in through
    // userManager.login_user, whose SessionUser.as_dict carries a "session" id: FDM Monster
    // authenticates its push socket with "<user>:<session>" from exactly this answer.
    const session = randomHex(16).toUpperCase();
    if (p.name) state.userSessions.set(session, p.name);
    return json(200, userDict(p, ctx.id.via === 'apikey' ? 'apikey' : 'password', seen, session));
  }
  return fail(ctx, 400, 'Neither user and pass attributes nor passive flag present');
}

/** POST /api/logout (@restricted_access): guest answer plus the active_logout marker cookie. */
function logout(ctx: Ctx): SimResponse {
  if (!csrfOk(ctx)) return fail(ctx, 400, 'CSRF validation failed');
  if (!ctx.id.principal) return fail(ctx, 403);
  if (ctx.id.session) ctx.state.sessions.logout(ctx.id.session);
  const { cookiePath: path, cookieSuffix: sfx } = ctx.req;
  return json(200, GUEST, [['Set-Cookie', formatCookie({ name: `active_logout${sfx}`, value: 'true', path })]]);
}

/**
 * GET /api/printer (printerState in src/octoprint/server/api/printer.py): STATUS or 403; the simulator
 * has no printer attached, so always abort(409, "Printer is not operational") — what a farm manager
 * polls for live state (FDM Monster shows it as "USB disconnected").
 */
function printerState(ctx: Ctx): SimResponse {
  if (!can(ctx, 'STATUS')) return fail(ctx, 403);
  return fail(ctx, 409, 'Printer is not operational');
}

export const apiRoutes: readonly Route[] = [
  { method: 'GET', pattern: /^\/api\/printer$/, family: 'api', handle: printerState },
  { method: 'GET', pattern: /^\/api\/version$/, family: 'api', handle: version },
  { method: 'GET', pattern: /^\/api\/currentuser$/, family: 'api', handle: currentUser },
  { method: 'GET', pattern: /^\/api\/settings$/, family: 'api', handle: getSettings },
  { method: 'POST', pattern: /^\/api\/settings$/, family: 'api', handle: postSettings },
  { method: 'POST', pattern: /^\/api\/login$/, family: 'api', handle: login },
  { method: 'POST', pattern: /^\/api\/logout$/, family: 'api', handle: logout },
];
