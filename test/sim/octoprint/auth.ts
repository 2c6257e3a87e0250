// Who is asking: API key (query `apikey`, X-Api-Key, Authorization: Bearer — in
// that order, get_api_key in src/octoprint/server/util/__init__.py), else the
// browser session. A key wins over a session.
import { headerValue, type Identity, type SimRequest, type SimState } from './context';
import { API_PSEUDO_USER, principalOf, type Principal } from './users';

export function apiKeyOf(req: SimRequest, state: SimState): string | undefined {
  const q = req.query.get('apikey');
  if (q !== null) return q;
  const x = headerValue(req, 'x-api-key');
  if (x !== undefined) return x;
  const auth = headerValue(req, 'authorization');
  // Behind a basic-auth proxy the Authorization header is the proxy's, never a key.
  if (auth?.startsWith('Bearer ') && !state.basicAuth) return auth.slice('Bearer '.length);
  return undefined;
}

/** get_user_for_apikey: global key -> `_api`; user keys; then the appkeys key validator. */
export function principalForKey(state: SimState, key: string): Principal | null {
  if (!state.setUp || key === '') return null;
  if (state.globalKey !== null && key === state.globalKey) return API_PSEUDO_USER;
  for (const u of Object.values(state.users)) if (u.apiKey === key) return principalOf(u);
  // validate_api_key -> _user_for_api_key -> user_manager.find_user(owner): an owner
  // that is no real user (e.g. `_api`, transcript B08) makes the key worthless.
  const owner = state.store.ownerOf(key);
  return owner === null ? null : principalForName(state, owner);
}

export function principalForName(state: SimState, name: string): Principal | null {
  if (!state.setUp) return null;
  const u = Object.values(state.users).find((x) => x.name === name);
  return u ? principalOf(u) : null;
}

export function resolveIdentity(req: SimRequest, state: SimState): Identity {
  const session = state.sessions.get(req.cookies.get('session'));
  const key = apiKeyOf(req, state);
  if (key !== undefined) {
    const principal = principalForKey(state, key);
    if (principal) return { principal, via: 'apikey', invalidKey: false, session };
    return { principal: null, via: null, invalidKey: true, session };
  }
  if (session?.user) {
    const principal = principalForName(state, session.user);
    if (principal) return { principal, via: 'session', invalidKey: false, session };
  }
  return { principal: null, via: null, invalidKey: false, session };
}

/** Constant-time-ish comparison is not needed in a simulator; plain check of "user:password". */
export function basicAuthOk(req: SimRequest, state: SimState): boolean {
  if (!state.basicAuth) return true;
  const h = headerValue(req, 'authorization') ?? '';
  if (!h.startsWith('Basic ')) return false;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  return decoded === `${state.basicAuth.user}:${state.basicAuth.password}`;
}
