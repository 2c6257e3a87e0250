// Request/response values and encoders. The Conduce server is closed source; the public
// clients (conduce/session.py, conduce/api.py, oo.py) only show that answers are JSON
// (`json.loads(response.content)`) and that failures are HTTP error statuses
// (`response.raise_for_status()`), so error bodies here ({"error": text}) are assumed.

export interface SimRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface SimResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

export function json(status: number, data: unknown, headers: Array<[string, string]> = []): SimResponse {
  return { status, headers: [['Content-Type', 'application/json'], ...headers], body: JSON.stringify(data) };
}

export function errorJson(status: number, message: string): SimResponse {
  return json(status, { error: message });
}

export type Parsed = { ok: true; value: unknown } | { ok: false; response: SimResponse };

/** The clients send `json=payload` (requests sets Content-Type: application/json). */
export function jsonBody(req: SimRequest): Parsed {
  const text = req.body.toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: errorJson(400, 'Invalid JSON') };
  }
}

export function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/** RFC 6265 Cookie header parsing (first occurrence wins). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Session cookie (attributes assumed): http-only, whole site; `keep: true` makes it
 * persistent (Max-Age), `keep: false` (what conduce/session.py sends) a browser-session cookie.
 */
export function sessionCookie(name: string, value: string, maxAgeMs: number | null): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly'];
  if (maxAgeMs !== null) parts.splice(1, 0, `Max-Age=${Math.floor(maxAgeMs / 1000)}`);
  return parts.join('; ');
}
