// Browser sessions and the CSRF double-submit cookie.
// Real OctoPrint keeps the session in a signed Flask cookie; the simulator keeps it
// server-side under an opaque id. Cookie names carry OctoPrint's request-specific
// suffix (get_cookie_suffix in src/octoprint/server/util/flask.py): "_P<server port>"
// plus "_R<script root with / -> |>" behind a prefix, path = script root + "/".
import { randomId } from './tokens';

export type LoginMechanism = 'password' | 'apikey';

export interface Session {
  id: string;
  user: string | null;
  mechanism: LoginMechanism | null;
  /** clock ms when credentials were last checked (the "credentials_seen" session entry). */
  credentialsSeen: number | null;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly csrf = new Set<string>();

  create(): Session {
    const s: Session = { id: randomId(), user: null, mechanism: null, credentialsSeen: null };
    this.sessions.set(s.id, s);
    return s;
  }

  get(id: string | undefined): Session | undefined {
    return id === undefined ? undefined : this.sessions.get(id);
  }

  /** A password login starts a new session id (the old one is dropped). */
  login(old: Session | undefined, user: string, now: number): Session {
    if (old) this.sessions.delete(old.id);
    const s = this.create();
    s.user = user;
    s.mechanism = 'password';
    s.credentialsSeen = now;
    return s;
  }

  logout(s: Session): void {
    s.user = null;
    s.mechanism = null;
    s.credentialsSeen = null;
  }

  /** generate_csrf_token: an opaque value that must come back as X-CSRF-Token. */
  issueCsrf(): string {
    const t = randomId(30);
    this.csrf.add(t);
    return t;
  }

  /** validate_csrf_tokens: both present, both issued by us, equal. */
  csrfValid(cookie: string | undefined, header: string | undefined): boolean {
    return cookie !== undefined && header !== undefined && cookie === header && this.csrf.has(cookie);
  }
}

export function cookieSuffix(port: number, scriptRoot: string): string {
  return `_P${port}` + (scriptRoot ? `_R${scriptRoot.replace(/\//g, '|')}` : '');
}

/** OctoPrintFlaskRequest.cookies: suffixed cookies are de-suffixed and win over plain ones. */
export function readCookies(header: string | undefined, suffix: string): Map<string, string> {
  const plain = new Map<string, string>();
  const desuffixed = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name.endsWith(suffix)) desuffixed.set(name.slice(0, -suffix.length), value);
    else plain.set(name, value);
  }
  for (const [k, v] of desuffixed) plain.set(k, v);
  return plain;
}

export interface CookieSpec {
  name: string;
  value: string;
  path: string;
  httpOnly?: boolean;
  expire?: boolean;
  /** OctoPrint adds SameSite=Lax (server.cookies.samesite default) except on the legacy delete. */
  sameSite?: boolean;
}

/** Formats a Set-Cookie value the way the transcript shows Werkzeug doing it. */
export function formatCookie(c: CookieSpec): string {
  const parts = [`${c.name}=${c.value}`];
  if (c.expire) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'Max-Age=0');
  if (c.httpOnly) parts.push('HttpOnly');
  parts.push(`Path=${c.path}`);
  if (c.sameSite !== false) parts.push('SameSite=Lax');
  return parts.join('; ');
}
