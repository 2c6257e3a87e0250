// One request through the simulated OctoPrint: reverse-proxy handling, identity,
// routing, then the after_request work every blueprint does (caching headers,
// CORS, session cookie refresh, the fixed security headers).
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { resolveIdentity } from './auth';
import { headerValue, type Ctx, type SimRequest, type SimState } from './context';
import { header, nonCaching, setHeader, type SimResponse } from './http-util';
import { fail } from './respond';
import { allowHeader, familyOf, findRoute, type Family, type Route } from './router';
import { apiRoutes } from './routes-api';
import { appkeysApiRoutes } from './routes-appkeys-api';
import { appkeysRoutes } from './routes-appkeys';
import { uiRoutes } from './routes-ui';
import { cookieSuffix, formatCookie, readCookies } from './sessions';

const ROUTES: readonly Route[] = [...appkeysRoutes, ...appkeysApiRoutes, ...apiRoutes, ...uiRoutes];

function first(v: string | undefined): string | undefined {
  const t = v?.split(',')[0]?.trim();
  return t ? t : undefined;
}

/**
 * Client address as Tornado computes it with xheaders=True (OctoPrint's server
 * setup, trusted downstream = loopback by default): the right-most X-Forwarded-For
 * entry that is not a trusted proxy, X-Real-Ip winning, only if a valid IP.
 */
function clientAddress(partial: SimRequest, socketAddress: string): string {
  let ip = headerValue(partial, 'x-forwarded-for') ?? socketAddress;
  for (const cand of ip.split(',').map((c) => c.trim()).reverse()) {
    ip = cand;
    if (!/^(127\.|::1$|::ffff:127\.)/.test(cand)) break;
  }
  ip = headerValue(partial, 'x-real-ip') ?? ip;
  return isIP(ip) ? ip : socketAddress;
}

/** ReverseProxied (src/octoprint/server/util/__init__.py): X-Script-Name, X-Scheme/X-Forwarded-Proto, X-Forwarded-Host. */
export function buildRequest(
  state: SimState, method: string, rawUrl: string, headers: IncomingHttpHeaders, body: Buffer, socketAddress: string,
): SimRequest {
  const url = new URL(rawUrl, 'http://sim.invalid');
  const partial = { headers } as SimRequest;
  const scriptRoot = (headerValue(partial, 'x-script-name') ?? state.basePath).replace(/\/+$/, '');
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path, like Werkzeug keeps undecodable bytes
  }
  if (scriptRoot && (path === scriptRoot || path.startsWith(`${scriptRoot}/`))) path = path.slice(scriptRoot.length) || '/';
  const scheme = first(headerValue(partial, 'x-scheme')) ?? first(headerValue(partial, 'x-forwarded-proto')) ?? state.scheme;
  const host = first(headerValue(partial, 'x-forwarded-host')) ?? headerValue(partial, 'host') ?? `127.0.0.1:${state.port}`;
  const suffix = cookieSuffix(state.port, scriptRoot);
  return {
    method, path, rawUrl, query: url.searchParams, rawQuery: url.search.replace(/^\?/, ''), headers, body,
    remoteAddress: clientAddress(partial, socketAddress), scriptRoot, externalBase: `${scheme}://${host}${scriptRoot}`,
    cookies: readCookies(headerValue(partial, 'cookie'), suffix), cookieSuffix: suffix, cookiePath: `${scriptRoot}/`,
  };
}

/** optionsAllowOrigin: echo origin, requested method and headers; 10 s max age (B11). */
function preflight(ctx: Ctx, methods: string[]): SimResponse {
  const res: SimResponse = { status: 200, headers: [['Content-Type', 'text/html; charset=utf-8'], ['Allow', allowHeader(methods)]], body: '' };
  const family = familyOf(ctx.req.path);
  if (ctx.state.settings.allowCrossOrigin && (family === 'api' || family === 'plugin')) {
    const origin = headerValue(ctx.req, 'origin');
    if (origin !== undefined) res.headers.push(['Access-Control-Allow-Origin', origin]);
    res.headers.push(['Access-Control-Allow-Methods', headerValue(ctx.req, 'access-control-request-method') ?? '']);
    res.headers.push(['Access-Control-Max-Age', '10']);
    const wanted = headerValue(ctx.req, 'access-control-request-headers');
    if (wanted !== undefined) res.headers.push(['Access-Control-Allow-Headers', wanted]);
  }
  return res;
}

function route(ctx: Ctx): SimResponse {
  const { req, state } = ctx;
  const match = findRoute(ROUTES, req.method, req.path, state.pluginEnabled);
  if (req.method === 'OPTIONS') return match.methods.length ? preflight(ctx, match.methods) : fail(ctx, 404);
  // 1.8.4 - 1.10.x: an invalid key is refused everywhere, probe and poll included (protocols.md).
  if (state.features.invalidKeyForbidsEverything && ctx.id.invalidKey && familyOf(req.path) !== 'sim') return fail(ctx, 403);
  if (!match.route) return fail(ctx, match.methods.length ? 405 : 404);
  return match.route.handle(ctx, match.params);
}

function afterRequest(ctx: Ctx, family: Family, res: SimResponse): SimResponse {
  const { req, state, id } = ctx;
  const isGet = req.method === 'GET' || req.method === 'HEAD';
  // API blueprint: noCachingExceptGetResponseHandler. Plugin blueprints: "no-cache" on POST (transcript).
  if (family === 'api') {
    if (isGet) {
      if (!header(res, 'Cache-Control')) setHeader(res, 'Cache-Control', 'max-age=0');
    } else nonCaching(res);
  } else if (family === 'plugin' && req.method === 'POST' && !header(res, 'Cache-Control')) {
    setHeader(res, 'Cache-Control', 'no-cache');
  }
  const origin = headerValue(req, 'origin');
  if ((family === 'api' || family === 'plugin') && req.method !== 'OPTIONS' && origin !== undefined && state.settings.allowCrossOrigin) {
    setHeader(res, 'Access-Control-Allow-Origin', origin);
  }
  const isStatic = req.path.startsWith('/static/') || req.path.startsWith('/plugin/appkeys/static/');
  const sessionCookie = `session${req.cookieSuffix}`;
  const setsSession = res.headers.some(([k, v]) => k === 'Set-Cookie' && v.startsWith(`${sessionCookie}=`));
  if (id.session && id.via !== 'apikey' && !isStatic && !setsSession) {
    res.headers.push(['Set-Cookie', formatCookie({ name: sessionCookie, value: id.session.id, path: req.cookiePath, httpOnly: true })]);
  }
  if (id.via !== 'apikey' && !isStatic) res.headers.push(['Vary', 'Cookie']);
  res.headers.push(
    ['X-Clacks-Overhead', 'GNU Terry Pratchett'],
    ['X-Robots-Tag', 'noindex, nofollow, noimageindex'],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'sameorigin'],
  );
  return res;
}

export function dispatch(state: SimState, req: SimRequest): SimResponse {
  const ctx: Ctx = { state, req, id: resolveIdentity(req, state) };
  return afterRequest(ctx, familyOf(req.path), route(ctx));
}
