// Routes of the OctoEverywhere-like App Portal (OE docs/app-connections/portal.md):
//   GET  /appportal/v1[/]?appId=…&returnUrl=…&printerId=…&appLogoUrl=…&octoPrintApiKeyAppName=…
//   POST /appportal/v1/authorize      (the start page's form: "Sign in", sim-only path)
//   GET  /appportal/v1/complete[/]    (default return URL)
// Start parameters are matched case-insensitively: the docs themselves write `appId` and
// `?appid=devtest`, and `octoPrintApiKeyAppName` (OE) vs `OctoPrintApiKeyAppName` (OEL).
import { randomBytes } from 'node:crypto';
import { buildFinish, normaliseReturnUrl } from './finish';
import { html, methodNotAllowed, notFound, param, redirect, type SimRequest, type SimResponse } from './http';
import { completePage, errorPage, startPage } from './pages-oe';
import type { PortalState } from './state';
import type { PortalPrinter } from './types';

export const PORTAL_PATH = '/appportal/v1';
export const COMPLETE_PATH = `${PORTAL_PATH}/complete`;
export const AUTHORIZE_PATH = `${PORTAL_PATH}/authorize`;

/** OctoPrintApiKeyAppName doc: "The string must be between 2 and 60 characters long." */
export const APP_NAME_MIN = 2;
export const APP_NAME_MAX = 60;

const bad = (message: string): SimResponse => html(400, errorPage(message));

function start(state: PortalState, req: SimRequest): SimResponse {
  const appId = param(req.query, 'appId');
  if (!appId) return bad('This link is missing its appId: the app that sent you here must pass the App ID OctoEverywhere assigned to it.');
  // `octoPrintApiKeyAppName` (OE) / `OctoPrintApiKeyAppName` (OEL): 2–60 characters.
  const appName = param(req.query, 'octoPrintApiKeyAppName') ?? null;
  if (appName !== null) {
    const length = [...appName].length;
    if (length < APP_NAME_MIN || length > APP_NAME_MAX)
      return bad(`octoPrintApiKeyAppName must be between ${APP_NAME_MIN} and ${APP_NAME_MAX} characters long (got ${length}).`);
  }
  // returnUrl: optional, default …/appportal/v1/complete (OE "Query Parameters").
  const rawReturn = param(req.query, 'returnUrl');
  const returnUrl = rawReturn === undefined || rawReturn === '' ? state.completeUrl : normaliseReturnUrl(rawReturn);
  if (returnUrl === null) return bad('returnUrl must be an absolute URL the portal can navigate to.');
  // printerId: preselected when it is the user's; otherwise "the portal starts the flow to add it" (OE).
  const printers: PortalPrinter[] = [...state.printers];
  const wanted = param(req.query, 'printerId');
  if (wanted && !printers.some((p) => p.id === wanted)) printers.push({ id: wanted, name: `Printer ${wanted}`, localIp: '192.168.1.99' });
  const selected = wanted || (printers[0]?.id ?? '');
  const appLogoUrl = param(req.query, 'appLogoUrl') || null;
  const session = randomBytes(18).toString('base64url');
  state.sessions.set(session, { appId, appName, returnUrl, printers, selected, used: false });
  return html(200, startPage({ session, appId, appLogoUrl, appName, printers, selectedPrinterId: selected, actionPath: AUTHORIZE_PATH }));
}

function authorize(state: PortalState, req: SimRequest): SimResponse {
  const s = state.sessions.get(param(req.form, 'session') ?? '');
  if (!s) return bad('This portal session is unknown or has expired. Please start again from the app.');
  // OE: the secrets "are only returned once": a session finishes once.
  if (s.used) return bad('This portal session has already been completed. Please start again from the app.');
  const chosen = param(req.form, 'printerId') || s.selected;
  const printer = s.printers.find((p) => p.id === chosen);
  if (!printer) return bad('Please choose one of your printers.');
  s.used = true;
  const finish = buildFinish({ returnUrl: s.returnUrl, appId: s.appId, appName: s.appName, printer }, state.controls);
  state.finishes.push(finish);
  return redirect(finish.location);
}

/** Handles /appportal/v1…; null when the path is not the portal's. */
export function routePortal(state: PortalState, req: SimRequest): SimResponse | null {
  const path = req.path.replace(/\/+$/, '') || '/';
  if (path === PORTAL_PATH) return req.method === 'GET' ? start(state, req) : methodNotAllowed(['GET', 'HEAD']);
  if (path === AUTHORIZE_PATH) return req.method === 'POST' ? authorize(state, req) : methodNotAllowed(['POST']);
  if (path === COMPLETE_PATH) return req.method === 'GET' ? html(200, completePage()) : methodNotAllowed(['GET', 'HEAD']);
  return path.startsWith(`${PORTAL_PATH}/`) ? notFound() : null;
}
