/**
 * The browser's cookie store, for Node (whose fetch keeps no cookies): `jar.fetch` wraps a fetch
 * and, like a browser, sends the jar's cookies for the request's origin and keeps any `Set-Cookie`
 * of the answer, but only for requests made with `credentials: 'include'`. A request that omits
 * credentials (KeyDeck's key-based HTTP) goes out without cookies, so a test sees it if KeyDeck
 * ever sent a session where it meant to send only a key.
 */
export interface CookieJar {
  fetch: typeof fetch;
  /** The `Cookie` header the jar holds for a URL's origin, if any. */
  cookieFor(url: string): string | undefined;
  /** Adds a `name=value; …` header as if the browser held it (a session signed in to in a tab). */
  seed(url: string, cookieHeader: string): void;
  /** Forgets every cookie: the user signed out, or never signed in. */
  clear(): void;
}

export function createCookieJar(fetchImpl: typeof fetch = fetch): CookieJar {
  const byOrigin = new Map<string, Map<string, string>>();
  const cookies = (url: string): Map<string, string> => {
    const origin = new URL(url).origin;
    let held = byOrigin.get(origin);
    if (!held) byOrigin.set(origin, (held = new Map()));
    return held;
  };
  const add = (url: string, pair: string): void => {
    const eq = pair.indexOf('=');
    if (eq > 0) cookies(url).set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  };
  const cookieFor = (url: string): string | undefined => {
    const pairs = [...cookies(url)].map(([k, v]) => `${k}=${v}`);
    return pairs.length ? pairs.join('; ') : undefined;
  };
  return {
    async fetch(input, init = {}) {
      if (init.credentials !== 'include') return fetchImpl(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const headers = new Headers(init.headers);
      const cookie = cookieFor(url);
      if (cookie) headers.set('Cookie', cookie);
      const response = await fetchImpl(input, { ...init, headers });
      for (const line of response.headers.getSetCookie()) add(url, line.split(';')[0] ?? '');
      return response;
    },
    cookieFor,
    seed(url, cookieHeader) {
      for (const pair of cookieHeader.split(';')) add(url, pair);
    },
    clear: () => byOrigin.clear(),
  };
}
