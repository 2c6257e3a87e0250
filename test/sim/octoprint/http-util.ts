// Response values and the small encoders shared by the route modules. Handlers
// build a SimResponse; server.ts adds the headers every OctoPrint response has.

export interface SimResponse {
  status: number;
  /** Ordered, repeatable (Set-Cookie). */
  headers: Array<[string, string]>;
  body: string;
}

/** Werkzeug's default HTTPException descriptions, as the transcript shows them. */
export const DESCRIPTIONS: Record<number, string> = {
  400: 'The browser (or proxy) sent a request that this server could not understand.',
  401: 'The server could not verify that you are authorized to access the URL requested.',
  403: "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.",
  404: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  405: 'The method is not allowed for the requested URL.',
  429: 'Too Many Requests',
  500: 'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
};

/** Flask's jsonify output: sorted keys, 2-space indent, trailing newline (Content-Length matches the transcript). */
export function flaskJson(data: unknown): string {
  return JSON.stringify(sortKeys(data), null, 2) + '\n';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

export function json(status: number, data: unknown, headers: Array<[string, string]> = []): SimResponse {
  return { status, headers: [['Content-Type', 'application/json'], ...headers], body: flaskJson(data) };
}

/** OctoPrint's NO_CONTENT = ("", 204, {"Content-Type": "text/plain"}). */
export function noContent(): SimResponse {
  return { status: 204, headers: [['Content-Type', 'text/plain']], body: '' };
}

export function html(status: number, body: string, headers: Array<[string, string]> = []): SimResponse {
  return { status, headers: [['Content-Type', 'text/html; charset=utf-8'], ...headers], body };
}

/** flask.abort(status, description): JSON since 1.6, plain text before (protocols.md "1.5 plain-text errors"). */
export function errorResponse(jsonErrors: boolean, status: number, description?: string): SimResponse {
  const text = description ?? DESCRIPTIONS[status] ?? 'Error';
  if (jsonErrors) return json(status, { error: text });
  // Flask's make_response(str) answers text/html; the body is the bare message.
  return html(status, text);
}

/** werkzeug.utils.redirect: relative Location, small HTML body (transcript B03/B09). */
export function redirect(location: string): SimResponse {
  const esc = escapeHtml(location);
  const body =
    '<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n' +
    `<p>You should be redirected automatically to the target URL: <a href="${esc}">${esc}</a>. If not, click the link.\n`;
  return html(302, body, [['Location', location]]);
}

export function header(res: SimResponse, name: string): string | undefined {
  const lower = name.toLowerCase();
  return res.headers.find(([k]) => k.toLowerCase() === lower)?.[1];
}

export function setHeader(res: SimResponse, name: string, value: string): void {
  const lower = name.toLowerCase();
  res.headers = res.headers.filter(([k]) => k.toLowerCase() !== lower);
  res.headers.push([name, value]);
}

/** add_non_caching_response_headers (src/octoprint/server/util/flask.py). */
export function nonCaching(res: SimResponse): SimResponse {
  setHeader(res, 'Cache-Control', 'no-store, no-cache, must-revalidate, post-check=0, pre-check=0, max-age=0');
  setHeader(res, 'Pragma', 'no-cache');
  setHeader(res, 'Expires', '-1');
  return res;
}

/**
 * Query encoding of flask.url_for as seen in the transcript: "/", "?", "=" are
 * percent-encoded, "," is kept ("permissions=STATUS,SETTINGS_READ").
 */
export function encodeQuery(pairs: Array<[string, string]>): string {
  const enc = (s: string): string => encodeURIComponent(s).replace(/%2C/g, ',').replace(/%20/g, '+');
  return pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
    .replace(/'/g, '&#39;');
}

/** A JSON literal safe to embed inside an inline <script>. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
