// The Node HTTP server around the routes: request log and injected faults.
// Faults (test controls, not Conduce behaviour): status500 answers 500 with a plain-text
// "Internal Server Error"; invalidJson cuts the body in half; slow delays the answer; drop
// closes the connection without an answer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SimRequest, SimResponse } from './http';
import { dispatch, type ConduceState } from './routes';
import type { SimRequestLogEntry } from './types';
import { flatHeaders, readBody, type FaultState } from '../node-http';

export type { FaultState } from '../node-http';

const BODY_LIMIT = 1024 * 1024;

function serverError(): SimResponse {
  return { status: 500, headers: [['Content-Type', 'text/plain; charset=utf-8']], body: 'Internal Server Error' };
}

function write(res: ServerResponse, out: SimResponse): void {
  for (const [k, v] of out.headers) res.appendHeader(k, v);
  res.setHeader('Content-Length', Buffer.byteLength(out.body));
  res.writeHead(out.status);
  res.end(out.body);
}

function corruptJson(out: SimResponse): SimResponse {
  const headers = out.headers.filter(([k]) => k.toLowerCase() !== 'content-type');
  headers.push(['Content-Type', 'application/json']);
  const body = out.body.length > 2 ? out.body.slice(0, Math.ceil(out.body.length / 2)) : '{"apikey":';
  return { ...out, headers, body };
}

export function createSimServer(state: ConduceState, faults: FaultState, log: SimRequestLogEntry[]): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const { body } = await readBody(req, BODY_LIMIT);
    log.push({ method, path: rawUrl, headers: flatHeaders(req.headers), body: body.toString('utf8'), at: state.clock.now() });
    const path = new URL(rawUrl, 'http://sim.invalid').pathname;
    const fault = faults.fault;
    const faulted = fault !== null && path.startsWith(faults.prefix);
    if (faulted && fault.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (faulted && fault.kind === 'status500') return write(res, serverError());
    if (faulted && fault.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
    const simReq: SimRequest = { method, path, headers: flatHeaders(req.headers), body };
    const out = dispatch(state, simReq);
    write(res, faulted && fault.kind === 'invalidJson' ? corruptJson(out) : out);
  };
  return createServer((req, res) => {
    handle(req, res).catch(() => {
      if (res.headersSent) return res.destroy();
      write(res, serverError());
    });
  });
}
