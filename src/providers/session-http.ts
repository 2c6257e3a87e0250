import { createHttp, type Http } from './http';

/**
 * Requests that ride on the user's sign-in to a server (CoCalc's `remember_me`, Conduce's session
 * cookie). In the extension the browser holds those cookies: the request goes out with
 * `credentials: 'include'`. Tests (Node, no cookie store) pass a `CookieJar` instead: its cookies are
 * sent in a `Cookie` header and any `Set-Cookie` of the answer is kept in it.
 * Key-based requests never come here: they use `createHttp` (cookies omitted), because on CoCalc a
 * cookie overrides `Authorization`.
 */
export interface CookieJar {
  /** The `Cookie` header value for a URL, if any. */
  cookieFor(url: string): string | undefined;
  /** Keeps the `Set-Cookie` lines a server answered with. */
  keep(url: string, setCookies: readonly string[]): void;
}

/** A tiny per-origin jar for tests; `seed` adds a `name=value; …` header as if the browser held it. */
export function createCookieJar(): CookieJar & { seed(url: string, cookieHeader: string): void; clear(): void } {
  const byOrigin = new Map<string, Map<string, string>>();
  const jar = (url: string): Map<string, string> => {
    const origin = new URL(url).origin;
    let cookies = byOrigin.get(origin);
    if (!cookies) byOrigin.set(origin, (cookies = new Map()));
    return cookies;
  };
  const add = (url: string, pair: string): void => {
    const eq = pair.indexOf('=');
    if (eq > 0) jar(url).set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  };
  return {
    cookieFor(url) {
      const cookies = [...jar(url)].map(([k, v]) => `${k}=${v}`);
      return cookies.length ? cookies.join('; ') : undefined;
    },
    keep(url, setCookies) {
      for (const line of setCookies) add(url, line.split(';')[0] ?? '');
    },
    seed(url, cookieHeader) {
      for (const pair of cookieHeader.split(';')) add(url, pair);
    },
    clear: () => byOrigin.clear(),
  };
}

/** `fetch` that includes the browser's cookies, or the jar's. */
export function createSessionFetch(fetchImpl: typeof fetch = fetch, jar?: CookieJar): typeof fetch {
  return async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!jar) return fetchImpl(input, { ...init, credentials: 'include' });
    const headers = new Headers(init.headers);
    const cookie = jar.cookieFor(url);
    if (cookie) headers.set('Cookie', cookie);
    const response = await fetchImpl(input, { ...init, headers, credentials: 'omit' });
    jar.keep(url, response.headers.getSetCookie());
    return response;
  };
}

/** `createHttp` (timeouts, JSON, NetworkError) over the session fetch. */
export function createSessionHttp(fetchImpl: typeof fetch = fetch, jar?: CookieJar): Http {
  return createHttp(createSessionFetch(fetchImpl, jar));
}
