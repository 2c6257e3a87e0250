import { NetworkError } from '../providers/http';
import { classifyBrowserError, unreachableMessage } from '../providers/tls-failure';
import type { OffscreenFetchReply, OffscreenRequest } from '../shared/offscreen';
import type { PageFetch } from './offscreen-fetch';
import type { RequestErrors } from './request-errors';

/**
 * How long to wait for the browser's reason after a fetch failed: it comes within milliseconds, but a
 * loaded machine delays events; the wait only runs out when the browser says nothing at all.
 */
export const DIAGNOSIS_WAIT_MS = 3_000;
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The background's fetch, for https servers with a self-signed certificate. A request that fails at
 * the network level on https is, in Chrome, made again from an extension page (`pageFetch`): Chrome
 * applies a certificate exception the user made in a tab there, never in the service worker. If it
 * still fails, the error says what the browser said (webRequest), so a certificate problem is named
 * only when the browser named one. Firefox's event page is an extension page: the user's exception
 * applies to it directly, so there is no `pageFetch` and only the message changes. Certificate checks
 * are never turned off: the page's request is checked by the browser as any other.
 */
export function createCertificateAwareFetch({
  fetch: workerFetch,
  errors,
  pageFetch,
  now = Date.now,
  diagnosisWaitMs = DIAGNOSIS_WAIT_MS,
}: {
  fetch: typeof fetch;
  errors: Pick<RequestErrors, 'said'>;
  pageFetch?: PageFetch | undefined;
  now?: () => number;
  diagnosisWaitMs?: number;
}): typeof fetch {
  // Origins whose requests failed here and worked from the page: go straight there (a flow polls every second).
  const viaPage = new Set<string>();

  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'https:') return workerFetch(input, init);
    if (pageFetch && viaPage.has(url.origin)) {
      const response = await fromPage(pageFetch, url.href, init);
      if (response) return response;
      viaPage.delete(url.origin); // failed there too: try the worker again, and say why
    }
    const since = now();
    try {
      return await workerFetch(input, init);
    } catch (error) {
      if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) throw error;
      const diagnosis = errors.said(url.href, since, diagnosisWaitMs); // listening while the page tries
      if (pageFetch) {
        const response = await fromPage(pageFetch, url.href, init);
        if (response) {
          viaPage.add(url.origin);
          return response;
        }
      }
      const said = await diagnosis;
      const failure = said === undefined ? undefined : { kind: classifyBrowserError(said), said };
      const proven = failure !== undefined && failure.kind !== 'other';
      throw new NetworkError(proven ? 'certificate' : 'unreachable', unreachableMessage(url.href, failure));
    }
  };
}

/** The request made from the page: its response, or undefined when the network failed there too. */
async function fromPage(pageFetch: PageFetch, url: string, init: RequestInit): Promise<Response | undefined> {
  init.signal?.throwIfAborted();
  const request: OffscreenRequest = {
    method: init.method === 'POST' ? 'POST' : 'GET',
    url,
    headers: Object.fromEntries(new Headers(init.headers).entries()),
    ...(typeof init.body === 'string' ? { body: init.body } : {}),
    credentials: init.credentials === 'include' ? 'include' : 'omit',
    timeoutMs: DEFAULT_TIMEOUT_MS,
  };
  const reply = await abortable(pageFetch(request), init.signal ?? undefined);
  if (!reply.ok && reply.error === 'timeout') throw new DOMException('The request timed out.', 'TimeoutError');
  return reply.ok ? toResponse(reply) : undefined;
}

/** The page's reply as the worker's fetch would have given it (status 0: a redirect, not followed). */
function toResponse(reply: Extract<OffscreenFetchReply, { ok: true }>): Response {
  if (reply.status === 0) return Response.error();
  const noBody = reply.status === 204 || reply.status === 205 || reply.status === 304;
  return new Response(noBody ? null : reply.body, { status: reply.status, headers: reply.headers });
}

/** The caller's time limit still holds while the page works. */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
