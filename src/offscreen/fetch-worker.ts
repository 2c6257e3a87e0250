import { REPLY_HEADERS, type OffscreenFetchReply, type OffscreenRequest } from '../shared/offscreen';

/**
 * A worker of the offscreen document, which makes the request: Chrome applies a certificate exception
 * the user made in a tab to extension pages and their workers (tried: a dedicated worker here, and the
 * page itself, both reach the server once the user accepted; the service worker never does). The worker
 * is what makes the document's 'WORKERS' reason true.
 */
const MAX_BODY = 4 * 1024 * 1024;

async function send(request: OffscreenRequest): Promise<OffscreenFetchReply> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      credentials: request.credentials,
      // As the worker's own requests: a redirect is an answer, never followed (keys stay on this server).
      redirect: 'manual',
      cache: 'no-store',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const headers: Partial<Record<(typeof REPLY_HEADERS)[number], string>> = {};
    for (const name of REPLY_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value.slice(0, 8192);
    }
    const body = (await response.text().catch(() => '')).slice(0, MAX_BODY);
    return { ok: true, status: response.status, headers, body };
  } catch (error) {
    return { ok: false, error: error instanceof DOMException && error.name === 'TimeoutError' ? 'timeout' : 'network' };
  }
}

const scope = self as unknown as { postMessage(message: unknown): void; addEventListener(type: 'message', listener: (event: MessageEvent) => void): void };
scope.addEventListener('message', (event: MessageEvent<{ id: number; request: OffscreenRequest }>) => {
  const { id, request } = event.data;
  void send(request).then((reply) => scope.postMessage({ id, reply }));
});
