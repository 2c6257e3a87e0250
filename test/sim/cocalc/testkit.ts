// Small fetch helpers for tests that talk to the CoCalc simulator over real HTTP.
import type { CocalcSim } from './types';

export interface Auth {
  cookie?: string;
  bearer?: string;
  /** Basic auth with the key as user name (src/packages/server/auth/api.ts). */
  basicKey?: string;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body when it is JSON, else undefined. */
  json: unknown;
}

function authHeaders(auth: Auth): Record<string, string> {
  const h: Record<string, string> = {};
  if (auth.cookie) h.Cookie = auth.cookie;
  if (auth.bearer) h.Authorization = `Bearer ${auth.bearer}`;
  if (auth.basicKey) h.Authorization = `Basic ${Buffer.from(`${auth.basicKey}:`).toString('base64')}`;
  return h;
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POST /api/v2/api-keys with a JSON body (or a raw body and content type). */
export async function apiKeys(sim: CocalcSim, body: unknown, auth: Auth = {}, raw?: { type: string; body: string }): Promise<Reply> {
  const response = await fetch(`${sim.url}/api/v2/api-keys`, {
    method: 'POST',
    headers: { 'Content-Type': raw?.type ?? 'application/json', ...authHeaders(auth) },
    body: raw ? raw.body : JSON.stringify(body),
  });
  return reply(response);
}

export async function signIn(sim: CocalcSim, email: string, password: string, form = false): Promise<Reply & { cookies: string[] }> {
  const response = await fetch(`${sim.url}/api/v2/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form ? new URLSearchParams({ email, password }).toString() : JSON.stringify({ email, password }),
  });
  return { ...(await reply(response)), cookies: response.headers.getSetCookie() };
}

/** The Cookie header a browser would send back for these Set-Cookie values. */
export function cookieHeader(setCookies: string[]): string {
  return setCookies.map((c) => c.split(';')[0] ?? '').join('; ');
}

export async function get(sim: CocalcSim, path: string, auth: Auth = {}): Promise<Reply> {
  return reply(await fetch(`${sim.url}${path}`, { headers: authHeaders(auth), redirect: 'manual' }));
}

/** The `response` array of a successful api-keys answer. */
export function rows(r: Reply): Array<Record<string, unknown>> {
  const body = r.json as { response?: unknown; error?: unknown };
  if (!Array.isArray(body.response)) throw new Error(`expected {response: [...]}, got ${r.text}`);
  return body.response as Array<Record<string, unknown>>;
}
