// Small fetch helpers for tests that talk to the Conduce simulator over real HTTP, sending
// what conduce/session.py and conduce/api.py send (JSON bodies, cookies or a Bearer key).
import type { ConduceSim } from './types';

export interface Auth {
  cookie?: string;
  bearer?: string;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function call(sim: ConduceSim, method: 'GET' | 'POST', path: string, body?: unknown, auth: Auth = {}, rawBody?: string): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (body !== undefined || rawBody !== undefined) headers['Content-Type'] = 'application/json';
  if (auth.cookie) headers.Cookie = auth.cookie;
  if (auth.bearer) headers.Authorization = `Bearer ${auth.bearer}`;
  const response = await fetch(`${sim.apiBase}${path}`, {
    method,
    headers,
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POST /user/login like session.login(); returns the reply and the Cookie header to send back. */
export async function login(sim: ConduceSim, email: string, password: string, keep = false): Promise<Reply & { cookie: string; setCookie: string[] }> {
  const response = await fetch(`${sim.apiBase}/user/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, keep }),
  });
  const setCookie = response.headers.getSetCookie();
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  const cookie = setCookie.map((c) => c.split(';')[0] ?? '').join('; ');
  return { status: response.status, headers: response.headers, text, json, cookie, setCookie };
}

export async function createKey(sim: ConduceSim, auth: Auth, description = 'Generated and used by conduce-python-api'): Promise<string> {
  const r = await call(sim, 'POST', '/apikeys/create', { description }, auth);
  if (r.status !== 200) throw new Error(`create: HTTP ${r.status} ${r.text}`);
  return (r.json as { apikey: string }).apikey;
}
