/** A thin fetch wrapper for talking to servers: bounded in time, JSON-aware, and never throwing raw errors. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export class NetworkError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
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
        // Keys travel in headers we set; the user's cookies for the server are never mixed in.
        credentials: 'omit',
        redirect: 'manual',
        cache: 'no-store',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
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
