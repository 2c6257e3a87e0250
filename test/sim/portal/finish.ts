// Builds the App Portal's finish redirect: the return URL plus the completion query
// (OE docs/app-connections/portal.md "Handle Portal Completion"; names per ParamCase).
import { issueConnection, octoPrintKey } from './credentials';
import { FINISH_FIELDS, type FinishField, type ParamCase, type PortalControls, type PortalFinish, type PortalPrinter } from './types';

/** OEL docs/App-Portal-Integration.md lists exactly these two names in lower case. */
const LEGACY_LOWER: ReadonlySet<FinishField> = new Set<FinishField>(['authBasicHttpUser', 'authBasicHttpPassword']);

export function paramName(field: FinishField, paramCase: ParamCase): string {
  switch (paramCase) {
    case 'camel': return field;
    case 'lower': return field.toLowerCase();
    case 'upper': return field.toUpperCase();
    case 'mixed': return LEGACY_LOWER.has(field) ? field.toLowerCase() : field;
  }
}

/** Schemes a return URL must not have: the portal would be navigating to script or local data. */
const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'file:', 'blob:']);

/**
 * Normalises a return URL (OE: "URL-encoded completion URL"); null if unusable. Custom app
 * schemes (e.g. OctoApp's `octoapp://…/connect-octoeverywhere`) are allowed.
 */
export function normaliseReturnUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return FORBIDDEN_SCHEMES.has(url.protocol.toLowerCase()) ? null : url.href;
}

/** encodeURIComponent, with lone surrogates (which it rejects) replaced by U+FFFD. */
function encode(s: string): string {
  return encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

export function encodePairs(pairs: Array<[string, string]>): string {
  return pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
}

/** Appends the query before any fragment (OE: "Returned query parameters are appended to this URL"). */
export function appendQuery(base: string, query: string): string {
  const hash = base.indexOf('#');
  const head = hash < 0 ? base : base.slice(0, hash);
  const fragment = hash < 0 ? '' : base.slice(hash);
  const sep = !head.includes('?') ? '?' : head.endsWith('?') || head.endsWith('&') ? '' : '&';
  return `${head}${sep}${query}${fragment}`;
}

export interface FinishRequest {
  returnUrl: string;
  appId: string;
  /** octoPrintApiKeyAppName as given at the start (null: no key was requested). */
  appName: string | null;
  printer: PortalPrinter;
}

export function buildFinish(req: FinishRequest, controls: PortalControls): PortalFinish {
  const { outcome, paramCase } = controls;
  // OctoPrintApiKeyAppName doc: octoPrintApiKey "only present when generation was requested and succeeded".
  const key = outcome === 'success' && req.appName !== null ? octoPrintKey(controls.keyFormat) : null;
  const issued: Partial<Record<FinishField, string>> =
    outcome === 'failure' ? { success: 'false' } : issueConnection(req.printer, key);
  const params: Array<[string, string]> = [];
  for (const field of FINISH_FIELDS) {
    const value = issued[field];
    if (value !== undefined) params.push([paramName(field, paramCase), value]);
  }
  for (const [name, value] of Object.entries(controls.overrides)) {
    const at = params.findIndex(([k]) => k.toLowerCase() === name.toLowerCase());
    if (at >= 0) params[at] = [params[at]?.[0] ?? name, value];
    else params.push([name, value]);
  }
  for (const [name, value] of controls.extraParams) params.push([name, value]);
  const effective: Partial<Record<FinishField, string>> = {};
  for (const field of FINISH_FIELDS) {
    const hit = params.find(([k]) => k.toLowerCase() === field.toLowerCase());
    if (hit) effective[field] = hit[1];
  }
  return {
    location: appendQuery(req.returnUrl, encodePairs(params)),
    returnUrl: req.returnUrl,
    outcome,
    paramCase,
    params,
    issued,
    effective,
    appId: req.appId,
    appName: req.appName,
    printer: req.printer,
    at: Date.now(),
  };
}
