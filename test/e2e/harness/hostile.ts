// The attacker's side of the attack suite: a server that records everything that reaches it (the
// "attacker's log") and serves the pages a test gives it, and a hostile OctoPrint — a proxy in front
// of the OctoPrint simulator that rewrites chosen answers (redirects elsewhere, a foreign auth_dialog,
// a 5 MB user name, markup in every string). The simulator stays the real server's twin; the
// hostility is all here, in test code.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> | void) {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      Promise.resolve(handler(req, res, Buffer.concat(chunks))).catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return { port, close };
}

const flat = (req: IncomingMessage): Record<string, string> =>
  Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));

export interface Stranger {
  /** On `localhost`: another origin than the 127.0.0.1 servers, same machine. */
  url: string;
  log: Seen[];
  /** Serves `html` at `path` (exact path, query ignored). */
  page(path: string, html: string): void;
  /** Did any request reach it carrying `secret` (in its path or any header)? */
  sawSecret(secret: string): boolean;
  close(): Promise<void>;
}

export async function startStranger(): Promise<Stranger> {
  const log: Seen[] = [];
  const pages = new Map<string, string>();
  const { port, close } = await listen((req, res) => {
    log.push({ method: req.method ?? '', path: req.url ?? '', headers: flat(req) });
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (page) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    // What a server posing as OctoPrint would answer a poll with: its own key.
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ api_key: 'STRANGERS-KEY-0123456789abcdef' }));
  });
  return {
    url: `http://localhost:${port}`,
    log,
    page: (path, html) => void pages.set(path, html),
    sawSecret: (secret) => log.some((seen) => seen.path.includes(secret) || Object.values(seen.headers).some((v) => v.includes(secret))),
    close,
  };
}

/** What the hostile server does to one request: pass it on, answer a redirect, or change the JSON answer. */
export type Hostility =
  | { redirect: { status: 301 | 302 | 303 | 307 | 308; location: string } }
  | { json: (body: Record<string, unknown>) => Record<string, unknown> }
  | undefined;

export interface HostileOctoPrint {
  url: string;
  /** The rule for every request from now on (undefined: an honest proxy). */
  rule: ((request: Seen) => Hostility) | undefined;
  close(): Promise<void>;
}

/** A proxy on 127.0.0.1 in front of `upstream` (the simulator's URL), applying `rule` to each request. */
export async function startHostileOctoPrint(upstream: string): Promise<HostileOctoPrint> {
  const hostile: HostileOctoPrint = { url: '', rule: undefined, close: async () => undefined };
  const { port, close } = await listen(async (req, res, body) => {
    const seen = { method: req.method ?? 'GET', path: req.url ?? '/', headers: flat(req) };
    const hostility = hostile.rule?.(seen);
    if (hostility && 'redirect' in hostility) {
      res.writeHead(hostility.redirect.status, { location: hostility.redirect.location, 'content-type': 'text/html' });
      return void res.end('<p>Moved</p>');
    }
    const headers = Object.fromEntries(Object.entries(seen.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)));
    const answer = await fetch(upstream + seen.path, {
      method: seen.method,
      headers,
      redirect: 'manual',
      ...(body.length && seen.method !== 'GET' && seen.method !== 'HEAD' ? { body: new Uint8Array(body) } : {}),
    });
    let payload = Buffer.from(await answer.arrayBuffer());
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) out[name] = value;
    });
    // The simulator's own absolute addresses (Location, auth_dialog) name its port: name the proxy's.
    const own = (text: string) => text.split(upstream).join(hostile.url);
    if (out.location) out.location = own(out.location);
    if (hostility && 'json' in hostility && (out['content-type'] ?? '').includes('json')) {
      payload = Buffer.from(JSON.stringify(hostility.json(JSON.parse(own(payload.toString('utf8'))) as Record<string, unknown>)));
    } else if ((out['content-type'] ?? '').includes('json')) payload = Buffer.from(own(payload.toString('utf8')));
    res.writeHead(answer.status, out).end(payload);
  });
  hostile.url = `http://127.0.0.1:${port}`;
  hostile.close = close;
  return hostile;
}
