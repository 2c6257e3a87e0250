import { t } from '../shared/i18n';
import { KeyDeckError } from '../shared/errors';

/** A thin fetch wrapper for talking to servers: bounded in time, JSON-aware, and never throwing raw errors. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/**
 * The request got no answer. 'certificate': the secure connection to an https server failed (an
 * untrusted certificate, or the browser said TLS failed): the user must accept it in a tab.
 */
export class NetworkError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'timeout' | 'certificate',
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  json?: unknown;
  timeoutMs?: number;
}

export type Http = (url: string, request?: HttpRequest) => Promise<HttpResponse>;

export function createHttp(fetchImpl: typeof fetch = fetch): Http {
  return async (url, { method = 'GET', headers = {}, json, timeoutMs = 10_000 } = {}) => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method,
        headers: json === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
        body: json === undefined ? undefined : JSON.stringify(json),
        // Keys travel in headers we set; cookies ride along only through session-http.ts (account APIs).
        credentials: 'omit',
        redirect: 'manual',
        cache: 'no-store',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // A fetch that knows why it failed (certificate-fetch.ts) says so itself.
      if (error instanceof NetworkError) throw error;
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      throw new NetworkError(
        timedOut ? 'timeout' : 'unreachable',
        timedOut ? `No answer from ${new URL(url).host} within ${timeoutMs / 1000} s.` : `Could not reach ${new URL(url).host}.`,
      );
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, json: parsed };
  };
}

/** The browser's signed-in session, or a held key sent as `Authorization: Bearer`. */
export type AccountAuth = { kind: 'session' } | { kind: 'key'; key: string };

/**
 * One request to an account API (CoCalc, Conduce): a key goes as Bearer without cookies (on CoCalc a
 * cookie would override it), a session rides on the browser's cookies. Network trouble becomes a
 * message that says nothing was changed.
 */
export async function accountRequest(
  transport: { http: Http; sessionHttp: Http },
  auth: AccountAuth,
  url: string,
  request: HttpRequest = {},
): Promise<HttpResponse> {
  const http = auth.kind === 'key' ? transport.http : transport.sessionHttp;
  const headers = auth.kind === 'key' ? { ...request.headers, Authorization: `Bearer ${auth.key}` } : request.headers;
  try {
    return await http(url, { ...request, ...(headers ? { headers } : {}) });
  } catch (error) {
    if (error instanceof NetworkError) throw new KeyDeckError('unreachable', t('errNothingChanged', error.message));
    throw error;
  }
}

/** What a failed answer says, short and without markup: `{"error": …}` where the server sends it, else its text. */
export function errorDetail(response: HttpResponse): string {
  const json = response.json as { error?: unknown } | undefined;
  if (typeof json?.error === 'string') return json.error.slice(0, 200);
  if (response.status === 0 || (response.status >= 300 && response.status < 400))
    return 'The server redirected the request (to https://, or to a login page?). Check the server address.';
  return response.text.replace(/<[^>]*>/g, ' ').trim().slice(0, 200) || 'no details';
}
