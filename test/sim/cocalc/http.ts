// The Next.js API-route layer CoCalc's /api/v2 handlers run in (src/packages/next/lib/init.js
// mounts Next in the hub). Behaviour of next/dist/server/api-utils: parseBody (JSON, urlencoded,
// anything else as a string; empty JSON -> {}; bad JSON -> 400 "Invalid JSON"; over 1mb -> 413),
// res.json (Content-Type "application/json; charset=utf-8"), sendError (status, statusMessage and
// a plain-text body = message) and 500 "Internal Server Error" for an exception a handler throws.
// Cookies are read and written as the `cookies` npm package does (pillarjs/cookies index.js).
import { parse as parseQuery } from 'node:querystring';

export interface SimRequest {
  method: string;
  /** Path without query. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface SimResponse {
  status: number;
  statusMessage?: string;
  /** Ordered, repeatable (Set-Cookie). */
  headers: Array<[string, string]>;
  body: string;
}

/** next/dist/server/api-utils ApiError: answered with sendError. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export const BODY_LIMIT = 1024 * 1024;

/** parseBody(req, '1mb'). */
export function parseNextBody(req: SimRequest): unknown {
  if (req.body.length > BODY_LIMIT) throw new ApiError(413, 'Body exceeded 1mb limit');
  const type = (req.headers['content-type'] ?? 'text/plain').split(';')[0]?.trim().toLowerCase() ?? 'text/plain';
  const text = req.body.toString('utf8');
  if (type === 'application/json' || type === 'application/ld+json') {
    if (text.length === 0) return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ApiError(400, 'Invalid JSON');
    }
  }
  if (type === 'application/x-www-form-urlencoded') return { ...parseQuery(text) };
  return text;
}

/**
 * lib/api/get-params.ts: only POST requests have parameters, read as req.body?.[key]
 * (a string body yields undefined for every named key).
 */
export function param(req: SimRequest, body: unknown, key: string): unknown {
  if (req.method !== 'POST') return undefined;
  if (body === null || typeof body !== 'object') return undefined;
  return (body as Record<string, unknown>)[key];
}

/** res.json(data): JSON.stringify drops undefined members ({response: undefined} -> {}). */
export function nextJson(data: unknown, headers: Array<[string, string]> = []): SimResponse {
  return { status: 200, headers: [...headers, ['Content-Type', 'application/json; charset=utf-8']], body: JSON.stringify(data) };
}

export function sendError(status: number, message: string): SimResponse {
  return { status, statusMessage: message, headers: [], body: message };
}

export function html(status: number, body: string): SimResponse {
  return { status, headers: [['Content-Type', 'text/html; charset=utf-8']], body };
}

/** Cookies.prototype.get: `(?:^|;) *NAME=([^;]*)`, surrounding quotes dropped. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const escaped = name.replace(/[\^$\\.*+?()[\]{}|]/g, '\\$&');
  const match = new RegExp(`(?:^|;) *${escaped}=([^;]*)`).exec(header);
  if (!match) return undefined;
  const value = match[1] ?? '';
  return value.startsWith('"') ? value.slice(1, -1) : value;
}

export interface CookieSpec {
  name: string;
  value: string;
  /** absolute ms for `expires` (cookies sets it from maxAge). */
  expires: number;
  sameSite?: 'strict' | 'lax';
  httpOnly: boolean;
}

/** Cookie.prototype.toHeader: path, expires, samesite, httponly, all lower case. */
export function formatCookie(c: CookieSpec): string {
  let header = `${c.name}=${c.value}; path=/; expires=${new Date(c.expires).toUTCString()}`;
  if (c.sameSite) header += `; samesite=${c.sameSite}`;
  if (c.httpOnly) header += '; httponly';
  return header;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
