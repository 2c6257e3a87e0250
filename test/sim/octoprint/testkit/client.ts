// Tiny HTTP helpers for the integration tests: fetch with a cookie jar that
// behaves like a browser for one simulator (no redirects followed).

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  setCookies: string[];
  json<T = unknown>(): T;
}

export interface CallInit {
  method?: string;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string;
}

export async function call(url: string, init: CallInit = {}, cookie?: string): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  let body = init.body;
  if (init.json !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = JSON.stringify(init.json);
  }
  if (cookie) headers.Cookie = cookie;
  const res = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, setCookies: res.headers.getSetCookie(), json: <T>() => JSON.parse(text) as T };
}

export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** The csrf cookie value (any suffix). */
  csrf(): string {
    for (const [k, v] of this.cookies) if (k.startsWith('csrf_token')) return v;
    return '';
  }

  async call(path: string, init: CallInit = {}): Promise<Reply> {
    const reply = await call(`${this.base}${path}`, init, this.cookieHeader());
    for (const c of reply.setCookies) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      if (/Max-Age=0/i.test(c)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return reply;
  }

  /** What OctoPrint's JS client does for state-changing calls: session cookie + X-CSRF-Token. */
  post(path: string, json: unknown): Promise<Reply> {
    return this.call(path, { method: 'POST', json, headers: { 'X-CSRF-Token': this.csrf() } });
  }

  /** The login page flow: GET /login/ (csrf cookie), then POST /api/login. */
  async login(user: string, pass: string): Promise<Reply> {
    await this.call('/login/');
    return this.post('/api/login', { user, pass, remember: false });
  }
}

/** POST /plugin/appkeys/request and return the token and poll URL. */
export async function requestKey(base: string, body: unknown = { app: 'KeyDeck' }): Promise<{ token: string; location: string; reply: Reply }> {
  const reply = await call(`${base}/plugin/appkeys/request`, { json: body });
  const token = reply.status === 201 ? reply.json<{ app_token: string }>().app_token : '';
  return { token, location: reply.headers.get('location') ?? '', reply };
}
