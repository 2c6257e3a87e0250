// Routes of the CoCalc-like legacy API-key sign-in (removed from CoCalc in 2025):
//   GET  /app?get_api_key=NAME   sign-in page (the frontend reads QueryParams.get("get_api_key"),
//                                sagemathinc/cocalc src/packages/frontend/app/query-params.ts; case-sensitive)
//   POST /app/sign-in            sim-only: "signs in" and hands the key over, either by the
//                                frontend's JS navigation (default) or a 302 (cocalc-doc apikeys.rst:
//                                "Response headers … include a url of the form https://authenticated/?api_key=sk_…";
//                                the hub's passport code set `https://authenticated?api_key=${api_key}`).
import { cocalcLegacyKey } from './credentials';
import { html, methodNotAllowed, redirect, type SimRequest, type SimResponse } from './http';
import { cocalcErrorPage, cocalcPlainPage, cocalcSignedInPage, cocalcSignInPage } from './pages-cocalc';
import type { PortalState } from './state';

export const COCALC_APP_PATH = '/app';
export const COCALC_SIGN_IN_PATH = '/app/sign-in';

/** The hand-over URL exactly as CoCalc writes it (no slash before `?`). */
export function handOverUrl(apiKey: string): string {
  return `https://authenticated?api_key=${apiKey}`;
}

function signIn(state: PortalState, req: SimRequest): SimResponse {
  const appName = req.form.get('get_api_key');
  if (!appName) return html(400, cocalcErrorPage('Sign-in form without get_api_key: open /app?get_api_key=NAME first.'));
  const key = cocalcLegacyKey();
  state.cocalcKeys.push(key);
  const { cocalcDelivery, cocalcDelayMs } = state.controls;
  return cocalcDelivery === 'redirect' ? redirect(handOverUrl(key)) : html(200, cocalcSignedInPage(key, cocalcDelayMs));
}

/** Handles /app and /app/sign-in; null for other paths. */
export function routeCocalc(state: PortalState, req: SimRequest): SimResponse | null {
  const path = req.path.replace(/\/+$/, '') || '/';
  if (path === COCALC_APP_PATH) {
    if (req.method !== 'GET') return methodNotAllowed(['GET', 'HEAD']);
    const appName = req.query.get('get_api_key');
    return html(200, appName ? cocalcSignInPage(appName, COCALC_SIGN_IN_PATH) : cocalcPlainPage());
  }
  if (path === COCALC_SIGN_IN_PATH) return req.method === 'POST' ? signIn(state, req) : methodNotAllowed(['POST']);
  return null;
}
