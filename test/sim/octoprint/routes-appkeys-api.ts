// SimpleApiPlugin side of appkeys: GET/POST /api/plugin/appkeys
// (on_api_get / on_api_command in src/octoprint/plugins/appkeys/__init__.py,
// command parsing from get_json_command_from_request in server/util/flask.py).
import { can, credentialsFresh, csrfOk, headerValue, isRecord, isTrue, type Ctx } from './context';
import { json, noContent, type SimResponse } from './http-util';
import { fail } from './respond';
import type { Route } from './router';
import type { SimKeyInfo } from './types';

const ADMIN = 'PLUGIN_APPKEYS_ADMIN';
const REAUTH = 'Please reauthenticate with your credentials';

function external(k: SimKeyInfo, withKey: boolean): Record<string, string> {
  const out: Record<string, string> = { app_id: k.appId, user_id: k.userId };
  if (withKey) out.api_key = k.apiKey;
  return out;
}

function list(ctx: Ctx): SimResponse {
  const { state, req } = ctx;
  const me = ctx.id.principal?.name;
  if (!state.setUp || !me) return fail(ctx, 403);
  const app = req.query.get('app');
  if (state.features.appLookup && app) {
    const user = req.query.get('user') ?? me;
    if (user !== me && !can(ctx, ADMIN)) return fail(ctx, 403);
    const key = state.store.keyFor(user, app);
    if (!key) return fail(ctx, 404);
    // incl_key=credentials_checked_recently(): key auth or a fresh password session (transcript 09/B12).
    return json(200, { key: external(key, credentialsFresh(ctx)) });
  }
  const all = isTrue(req.query.get('all') ?? '') && can(ctx, ADMIN);
  const keys = all ? state.store.allKeys() : state.store.keysForUser(me);
  const pending: Record<string, unknown> = {};
  for (const p of state.store.pendingForUser(me)) {
    pending[p.userToken] = { app_id: p.appId, remote_address: p.remoteAddress, user_id: p.userId, user_token: p.userToken };
  }
  return json(200, { keys: keys.map((k) => external(k, state.features.keysInListings)), pending });
}

function revoke(ctx: Ctx, me: string, data: Record<string, unknown>): SimResponse {
  const { state } = ctx;
  let key = typeof data.key === 'string' && data.key ? data.key : undefined;
  if (!key && !state.features.revokeByApp) return fail(ctx, 400);
  if (!key) {
    // Newer app/user based revoke (1.10+); the deprecated key based one needs nothing else.
    const app = data.app;
    if (!app) return fail(ctx, 400, 'Need either app or key');
    key = state.store.keyFor(String(data.user ?? me), String(app))?.apiKey;
  }
  if (!key) return fail(ctx, 400, 'Need either app or key');
  // Not an admin: only own keys. An unknown key has no owner -> 403 (source, not in transcript).
  if (!can(ctx, ADMIN) && state.store.ownerOf(key) !== me) return fail(ctx, 403);
  if (!credentialsFresh(ctx)) return fail(ctx, 403, REAUTH);
  state.store.deleteKey(key);
  return noContent();
}

function generate(ctx: Ctx, me: string, data: Record<string, unknown>): SimResponse {
  const app = data.app;
  if (!app) return fail(ctx, 400);
  const user = data.user === undefined ? me : String(data.user);
  if (user !== me && !can(ctx, ADMIN)) return fail(ctx, 403);
  if (!credentialsFresh(ctx)) return fail(ctx, 403, REAUTH);
  const appName = String(app);
  const key = ctx.state.store.addKey(user, appName.trim());
  // The answer echoes the app name as sent, not as stored (transcript B07 "other case").
  return json(200, { api_key: key, app_id: appName, user_id: user });
}

function command(ctx: Ctx): SimResponse {
  const { state, req } = ctx;
  if (!csrfOk(ctx)) return fail(ctx, 400, 'CSRF validation failed');
  const me = ctx.id.principal?.name;
  if (!state.setUp || !me) return fail(ctx, 403);
  const ct = headerValue(req, 'content-type') ?? '';
  if (!ct.includes('application/json')) return fail(ctx, 400, 'Expected content-type JSON');
  let data: unknown;
  try {
    data = JSON.parse(req.body.toString('utf8'));
  } catch {
    data = null;
  }
  if (!isRecord(data)) return fail(ctx, 400, 'Malformed JSON body or wrong content-type in request');
  // get_api_commands: {"generate": ["app"], "revoke": []}; before 1.10 revoke required ["key"].
  const commands: Record<string, string[]> = { generate: ['app'], revoke: state.features.revokeByApp ? [] : ['key'] };
  const cmd = typeof data.command === 'string' ? data.command : '';
  const required = commands[cmd];
  if (!required) return fail(ctx, 400, 'command is invalid');
  if (required.some((p) => !(p in data))) return fail(ctx, 400, 'Mandatory parameters missing');
  return cmd === 'generate' ? generate(ctx, me, data) : revoke(ctx, me, data);
}

export const appkeysApiRoutes: readonly Route[] = [
  { method: 'GET', pattern: /^\/api\/plugin\/appkeys$/, family: 'api', appkeys: true, handle: list },
  { method: 'POST', pattern: /^\/api\/plugin\/appkeys$/, family: 'api', appkeys: true, handle: command },
];
