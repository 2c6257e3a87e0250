// Per-simulator state and per-request context shared by the route modules.
import type { IncomingHttpHeaders } from 'node:http';
import type { AppKeysStore } from './store';
import type { RateLimiter } from './ratelimit';
import type { Session, SessionStore } from './sessions';
import type { KeyFormat, SeedUserName, SimClock, SimUser } from './types';
import type { Principal } from './users';
import type { Features } from './version';

export interface SimState {
  version: string;
  features: Features;
  keyFormat: KeyFormat;
  clock: SimClock;
  store: AppKeysStore;
  sessions: SessionStore;
  users: Record<SeedUserName, SimUser>;
  globalKey: string | null;
  setUp: boolean;
  pluginEnabled: boolean;
  settings: { allowCrossOrigin: boolean };
  limiter: RateLimiter | null;
  reauthMs: number;
  basicAuth: { user: string; password: string } | null;
  basePath: string;
  port: number;
  /** The scheme OctoPrint sees when no proxy header names one: 'https' behind a TLS front. */
  scheme: 'http' | 'https';
  /** Session ids the user manager handed out (login answers' "session") → their user: the push socket's auth. */
  userSessions: Map<string, string>;
}

export interface SimRequest {
  method: string;
  /** Path after the script root is stripped, no query string. */
  path: string;
  rawUrl: string;
  query: URLSearchParams;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  remoteAddress: string;
  /** '' or e.g. '/octoprint' (X-Script-Name, else the basePath option). */
  scriptRoot: string;
  /** scheme://host + scriptRoot, for url_for(..., _external=True). */
  externalBase: string;
  cookies: Map<string, string>;
  cookieSuffix: string;
  cookiePath: string;
}

export interface Identity {
  principal: Principal | null;
  via: 'apikey' | 'session' | null;
  /** A key was sent but matched nothing. */
  invalidKey: boolean;
  /** The browser session named by the cookie, if any (even when a key won). */
  session: Session | undefined;
}

export interface Ctx {
  state: SimState;
  req: SimRequest;
  id: Identity;
}

export function headerValue(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

export function can(ctx: Ctx, permission: string): boolean {
  return ctx.id.principal?.permissions.includes(permission) ?? false;
}

/** credentials_checked_recently: only password sessions go stale (LoginMechanism.reauthentication_enabled). */
export function credentialsFresh(ctx: Ctx): boolean {
  if (!ctx.state.features.freshLogin) return true;
  if (ctx.id.via !== 'session') return true;
  const seen = ctx.id.session?.credentialsSeen;
  if (seen === null || seen === undefined) return false;
  return ctx.state.clock.now() - seen <= ctx.state.reauthMs;
}

/** validate_csrf_request (src/octoprint/server/util/csrf.py). */
export function csrfOk(ctx: Ctx): boolean {
  if (!ctx.state.features.csrf) return true;
  if (['GET', 'HEAD', 'OPTIONS'].includes(ctx.req.method)) return true;
  if (ctx.id.via === 'apikey') return true;
  return ctx.state.sessions.csrfValid(ctx.req.cookies.get('csrf_token'), headerValue(ctx.req, 'x-csrf-token'));
}

export type JsonBody = { ok: true; data: unknown } | { ok: false };

/**
 * flask.request.json as OctoPrint 1.11.8 answers it: a missing or non-JSON
 * content type, or a body that does not parse, is a plain 400 (transcript B01;
 * no 415 was observed).
 */
export function readJson(req: SimRequest): JsonBody {
  const ct = (headerValue(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (ct !== 'application/json' && !/^application\/[^/]*\+json$/.test(ct)) return { ok: false };
  try {
    return { ok: true, data: JSON.parse(req.body.toString('utf8')) as unknown };
  } catch {
    return { ok: false };
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** octoprint.settings.valid_boolean_trues */
export function isTrue(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === 'string' && ['true', 'yes', 'y', '1'].includes(v));
}
