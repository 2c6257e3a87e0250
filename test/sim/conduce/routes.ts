// The endpoints under /conduce/api/v1 (conduce/api.py compose_uri prefix):
//   POST /user/login {email, password, keep}   conduce/session.py login(): cookies come back
//   GET  /user/validate-session                conduce/session.py: 401 = "Session expired"
//   GET  /apikeys/list                         conduce/api.py list_api_keys: a JSON list;
//                                              oo.py: items carry the full key in "apikey"
//   POST /apikeys/create {description}         conduce/api.py create_api_key: {"apikey": K}
//   POST /apikeys/delete {apikey}              conduce/api.py remove_api_key; the key in use
//                                              cannot delete itself (api-key-creation.rst)
// Auth: "Authorization: Bearer K" (session.py api_key_header) or the session cookie.
// Assumed (not in any public source): 401 for a wrong password and for no/expired auth,
// 400/404 for delete failures, list item fields besides "apikey", login/delete bodies ({}).
import { errorJson, field, json, jsonBody, readCookie, sessionCookie, type SimRequest, type SimResponse } from './http';
import type { ConduceStore } from './store';
import type { SeedUserName, SimClock } from './types';

export const API_BASE = '/conduce/api/v1';

export interface ConduceState {
  clock: SimClock;
  store: ConduceStore;
  cookieName: string;
  sessionTtlMs: number;
  keepTtlMs: number;
}

interface Identity {
  user: SeedUserName;
  /** The key that authenticated the request, when a key did. */
  apikey?: string;
}

/** A Bearer header decides on its own; otherwise the session cookie. */
function identify(state: ConduceState, req: SimRequest): Identity | undefined {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const key = /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1];
    const owner = key === undefined ? undefined : state.store.keyOwner(key);
    return owner && key ? { user: owner, apikey: key } : undefined;
  }
  const user = state.store.sessionUser(readCookie(req.headers.cookie, state.cookieName));
  return user ? { user } : undefined;
}

const unauthorized = (): SimResponse => errorJson(401, 'Unauthorized');

function login(state: ConduceState, req: SimRequest): SimResponse {
  const body = jsonBody(req);
  if (!body.ok) return body.response;
  const email = field(body.value, 'email');
  const password = field(body.value, 'password');
  if (typeof email !== 'string' || typeof password !== 'string') return errorJson(400, 'email and password are required');
  const user = state.store.userByEmail(email);
  if (!user || user.password !== password) return errorJson(401, 'Invalid email or password');
  const keep = field(body.value, 'keep') === true;
  const ttl = keep ? state.keepTtlMs : state.sessionTtlMs;
  const id = state.store.createSession(user.name, ttl);
  return json(200, {}, [['Set-Cookie', sessionCookie(state.cookieName, id, keep ? ttl : null)]]);
}

function validateSession(state: ConduceState, req: SimRequest): SimResponse {
  return identify(state, req) ? json(200, {}) : unauthorized();
}

function listKeys(state: ConduceState, req: SimRequest): SimResponse {
  const id = identify(state, req);
  if (!id) return unauthorized();
  return json(200, state.store.list(id.user).map((k) => ({ apikey: k.apikey, description: k.description, create_time: k.created })));
}

function createKey(state: ConduceState, req: SimRequest): SimResponse {
  const id = identify(state, req);
  if (!id) return unauthorized();
  const body = jsonBody(req);
  if (!body.ok) return body.response;
  const description = field(body.value, 'description');
  return json(200, { apikey: state.store.create(id.user, typeof description === 'string' ? description : '').apikey });
}

function deleteKey(state: ConduceState, req: SimRequest): SimResponse {
  const id = identify(state, req);
  if (!id) return unauthorized();
  const body = jsonBody(req);
  if (!body.ok) return body.response;
  const apikey = field(body.value, 'apikey');
  if (typeof apikey !== 'string' || apikey === '') return errorJson(400, 'apikey is required');
  if (apikey === id.apikey) return errorJson(400, 'An API key cannot be used to delete itself');
  return state.store.remove(apikey, id.user) ? json(200, {}) : errorJson(404, 'API key not found');
}

type Handler = (state: ConduceState, req: SimRequest) => SimResponse;

const ROUTES: Record<string, Partial<Record<'GET' | 'POST', Handler>>> = {
  '/user/login': { POST: login },
  '/user/validate-session': { GET: validateSession },
  '/apikeys/list': { GET: listKeys },
  '/apikeys/create': { POST: createKey },
  '/apikeys/delete': { POST: deleteKey },
};

export function dispatch(state: ConduceState, req: SimRequest): SimResponse {
  const route = req.path.startsWith(`${API_BASE}/`) ? ROUTES[req.path.slice(API_BASE.length)] : undefined;
  if (!route) return errorJson(404, 'Not found');
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const handler = method === 'GET' || method === 'POST' ? route[method] : undefined;
  if (!handler) return { ...errorJson(405, 'Method not allowed'), headers: [['Content-Type', 'application/json'], ['Allow', Object.keys(route).join(', ')]] };
  return handler(state, req);
}
