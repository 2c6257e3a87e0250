// The small Node `http` layer shared by the portal and hostile servers: 127.0.0.1 only,
// a request log, plain response values and HTML helpers. Never makes a request itself.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { flatHeaders, readBody } from '../node-http';
import type { RequestLogEntry } from './types';

const MAX_BODY = 64 * 1024;

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body of a form POST, parsed (empty for other requests). */
  form: URLSearchParams;
}

export interface SimResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

export type Handler = (req: SimRequest) => SimResponse;

export interface RunningServer {
  port: number;
  origin: string;
  close(): Promise<void>;
}

/** First value of a query/form parameter, the name matched case-insensitively (OE's docs spell names both ways). */
export function param(params: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of params) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A JS value literal safe inside an inline <script>. */
export function scriptLiteral(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A whole HTML document; `title` and `body` are used as given (escape before). */
export function page(title: string, body: string, head = ''): string {
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${title}</title>\n${head}</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

export function html(status: number, body: string, headers: Array<[string, string]> = []): SimResponse {
  return {
    status,
    headers: [['Content-Type', 'text/html; charset=utf-8'], ['Cache-Control', 'no-store'], ...headers],
    body,
  };
}

export function redirect(location: string): SimResponse {
  const esc = escapeHtml(location);
  return html(302, page('Redirecting', `<p>Redirecting to <a href="${esc}">${esc}</a>.</p>`), [['Location', location]]);
}

export function notFound(): SimResponse {
  return html(404, page('404 Not Found', '<h1>Not Found</h1>'));
}

export function methodNotAllowed(allow: string[]): SimResponse {
  return html(405, page('405 Method Not Allowed', '<h1>Method Not Allowed</h1>'), [['Allow', allow.join(', ')]]);
}

function write(res: ServerResponse, out: SimResponse, head: boolean): void {
  for (const [k, v] of out.headers) res.appendHeader(k, v);
  res.setHeader('Content-Length', Buffer.byteLength(out.body));
  res.writeHead(out.status);
  res.end(head ? undefined : out.body);
}

/** Listens on 127.0.0.1:port (0 = random) and logs every request before handling it. */
export async function startServer(handler: Handler, log: RequestLogEntry[], port = 0): Promise<RunningServer> {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const read = await readBody(req, MAX_BODY);
    const body = read.tooLarge ? null : read.body.toString('utf8');
    log.push({ method, path: rawUrl, headers: flatHeaders(req.headers), body: body ?? '', at: Date.now() });
    if (body === null) return write(res, html(413, page('413 Payload Too Large', '<h1>Payload Too Large</h1>')), false);
    const url = new URL(rawUrl, 'http://127.0.0.1');
    const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const simReq: SimRequest = {
      method: method === 'HEAD' ? 'GET' : method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      form: new URLSearchParams(isForm ? body : ''),
    };
    write(res, handler(simReq), method === 'HEAD');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      const detail = err instanceof Error ? err.message : String(err);
      write(res, html(500, page('500 Internal Server Error', `<pre>${escapeHtml(detail)}</pre>`)), false);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    origin: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
