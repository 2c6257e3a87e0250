// Small response builders that need the request context.
import type { Ctx } from './context';
import { encodeQuery, errorResponse, redirect, type SimResponse } from './http-util';
import { formatCookie } from './sessions';

export function fail(ctx: Ctx, status: number, description?: string): SimResponse {
  return errorResponse(ctx.state.features.jsonErrors, status, description);
}

/** Werkzeug's request.full_path: path + "?" + query (the "?" is always there). */
export function fullPath(ctx: Ctx): string {
  return `${ctx.req.scriptRoot}${ctx.req.path}?${ctx.req.rawQuery}`;
}

/** redirect(url_for("login", **kwargs)): relative, script root included. */
export function loginRedirect(ctx: Ctx, pairs: Array<[string, string]>): SimResponse {
  return redirect(`${ctx.req.scriptRoot}/login/?${encodeQuery(pairs)}`);
}

/** add_csrf_cookie: a fresh csrf_token cookie, readable by page scripts. */
export function withCsrfCookie(ctx: Ctx, res: SimResponse): SimResponse {
  const token = ctx.state.sessions.issueCsrf();
  res.headers.push(['Set-Cookie', formatCookie({
    name: `csrf_token${ctx.req.cookieSuffix}`, value: token, path: ctx.req.cookiePath,
  })]);
  return res;
}

export function csrfCookieName(ctx: Ctx): string {
  return `csrf_token${ctx.req.cookieSuffix}`;
}
