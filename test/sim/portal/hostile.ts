// startHostileSim(): a second server (another port = another origin) serving the hostile
// pages of hostile-pages.ts against a portal simulator. 127.0.0.1 only; the portal origin
// must be a loopback address too, so a browser following the pages stays offline.
import { html, methodNotAllowed, notFound, page, redirect, startServer, escapeHtml, type SimRequest, type SimResponse } from './http';
import {
  HOSTILE_PATHS as P, autoFormPage, forgeValues, forgedFinishQuery, framePage, handoverScriptPage,
  hostilePageList, lookAlikePage, postMessagePage,
} from './hostile-pages';
import { handOverUrl } from './routes-cocalc';
import { COMPLETE_PATH } from './routes-oe';
import type { HostileSim, HostileSimOptions, RequestLogEntry } from './types';

export { forgedFinishQuery } from './hostile-pages';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function loopbackOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`startHostileSim: portalOrigin is not a URL: ${raw}`);
  }
  if (!LOOPBACK.has(url.hostname)) throw new Error(`startHostileSim: portalOrigin must be a loopback address, got ${url.hostname}`);
  return url.origin;
}

export async function startHostileSim(options: HostileSimOptions): Promise<HostileSim> {
  const portalOrigin = loopbackOrigin(options.portalOrigin);
  const forged = forgeValues();
  const pages = hostilePageList(forged);
  const requestLog: RequestLogEntry[] = [];
  const portalComplete = `${portalOrigin}${COMPLETE_PATH}`;
  const forgedPortalFinish = `${portalComplete}?${forgedFinishQuery(forged)}`;
  let origin = '';

  const index = (): SimResponse => html(200, page('Hostile pages', `<ul>\n${pages
    .map((p) => `<li><a id="${escapeHtml(p.name)}" href="${escapeHtml(p.path)}">${escapeHtml(p.name)}</a>: ${escapeHtml(p.description)}</li>`)
    .join('\n')}\n</ul>`));

  const handler = (req: SimRequest): SimResponse => {
    const path = req.path.replace(/\/+$/, '') || '/';
    const get = (make: () => SimResponse): SimResponse => (req.method === 'GET' ? make() : methodNotAllowed(['GET', 'HEAD']));
    switch (path) {
      case '/': return get(index);
      // The look-alike answers POST too, so form-post-self lands on a finish-looking page.
      case P.fakeComplete: return req.method === 'GET' || req.method === 'POST' ? html(200, lookAlikePage()) : methodNotAllowed(['GET', 'HEAD', 'POST']);
      case P.fakeAuthenticated: return get(() => html(200, lookAlikePage()));
      case P.formPostPortal: return get(() => html(200, autoFormPage(forged, 'post', portalComplete)));
      case P.formPostSelf: return get(() => html(200, autoFormPage(forged, 'post', `${origin}${P.fakeComplete}`)));
      case P.formGetPortal: return get(() => html(200, autoFormPage(forged, 'get', portalComplete)));
      case P.postMessage: return get(() => html(200, postMessagePage(forged, portalOrigin, `${origin}${P.fakeComplete}`)));
      case P.framePortal: return get(() => html(200, framePage(forgedPortalFinish)));
      case P.redirectPortal: return get(() => redirect(forgedPortalFinish));
      case P.handoverScript: return get(() => html(200, handoverScriptPage(forged)));
      case P.redirectHandover: return get(() => redirect(handOverUrl(forged.cocalcKey)));
      default: return notFound();
    }
  };
  const server = await startServer(handler, requestLog, options.port ?? 0);
  origin = server.origin;
  return {
    origin,
    port: server.port,
    portalOrigin,
    pages,
    forged,
    requestLog,
    url(name: string): string {
      const found = pages.find((p) => p.name === name);
      if (!found) throw new Error(`unknown hostile page "${name}" (known: ${pages.map((p) => p.name).join(', ')})`);
      return `${origin}${found.path}`;
    },
    close: () => server.close(),
  };
}

/** The forged finish query as name/value pairs (for assertions). */
export function forgedPairs(sim: HostileSim): Array<[string, string]> {
  return [...new URLSearchParams(forgedFinishQuery(sim.forged))];
}
