// The Node HTTP server around the pipeline: request log, injected faults and the
// basic-auth "proxy" in front of everything.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { basicAuthOk } from './auth';
import type { SimState } from './context';
import { DESCRIPTIONS, errorResponse, html, setHeader, type SimResponse } from './http-util';
import { buildRequest, dispatch } from './pipeline';
import type { SimRequestLogEntry } from './types';
import { flatHeaders, readBody, type FaultState } from '../node-http';

export type { FaultState } from '../node-http';

const MAX_BODY = 1024 * 1024;

/** Werkzeug spells reason phrases in upper case ("HTTP/1.1 204 NO CONTENT"). */
function write(res: ServerResponse, out: SimResponse): void {
  for (const [k, v] of out.headers) res.appendHeader(k, v);
  res.setHeader('Content-Length', Buffer.byteLength(out.body));
  res.writeHead(out.status, (STATUS_CODES[out.status] ?? 'UNKNOWN').toUpperCase());
  res.end(out.body);
}

/** Keeps status and headers but cuts the JSON body short, so parsing fails. */
function corruptJson(out: SimResponse): SimResponse {
  setHeader(out, 'Content-Type', 'application/json');
  const cut = out.body.length > 2 ? out.body.slice(0, Math.ceil(out.body.length / 2)) : '{"error": ';
  return { ...out, body: cut };
}

function unauthorized(): SimResponse {
  const res = html(401, '<html>\n<head><title>401 Authorization Required</title></head>\n<body>\n<center><h1>401 Authorization Required</h1></center>\n</body>\n</html>\n');
  res.headers.push(['WWW-Authenticate', 'Basic realm="OctoPrint"']);
  return res;
}

/** With `tls`, HTTPS (the self-signed front of a LAN printer); else plain HTTP. */
export function createSimServer(state: SimState, faults: FaultState, log: SimRequestLogEntry[], tls?: { key: string; cert: string }): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    log.push({ method, path: rawUrl, headers: flatHeaders(req.headers), at: state.clock.now() });
    const read = await readBody(req, MAX_BODY);
    const body = read.tooLarge ? null : read.body;
    if (body === null) return write(res, errorResponse(true, 413, 'Request Entity Too Large'));
    const simReq = buildRequest(state, method, rawUrl, req.headers, body, req.socket.remoteAddress ?? '127.0.0.1');
    const fault = faults.fault;
    const faulted = fault !== null && !simReq.path.startsWith('/sim/') &&
      (simReq.path.startsWith(faults.prefix) || rawUrl.startsWith(faults.prefix));
    if (faulted && fault.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (faulted && fault.kind === 'status500') return write(res, errorResponse(true, 500, DESCRIPTIONS[500]));
    if (faulted && fault.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
    if (!basicAuthOk(simReq, state)) return write(res, unauthorized());
    const out = dispatch(state, simReq);
    write(res, faulted && fault.kind === 'invalidJson' ? corruptJson(out) : out);
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      const detail = err instanceof Error ? err.message : String(err);
      write(res, errorResponse(true, 500, `${DESCRIPTIONS[500]} (simulator: ${detail})`));
    });
  };
  return tls ? createTlsServer(tls, listener) : createServer(listener);
}
