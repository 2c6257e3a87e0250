// Version switches. Each flag names the OctoPrint release that introduced the
// behaviour; the facts come from shared/protocols.md ("Versions" line) and
// from src/octoprint/plugins/appkeys/__init__.py of the respective tags.

export function parseVersion(version: string): number[] {
  const parts = version.split(/[.+-]/).slice(0, 3).map((p) => Number.parseInt(p, 10));
  while (parts.length < 3) parts.push(0);
  return parts.map((n) => (Number.isFinite(n) ? n : 0));
}

/** true when `version` >= `min` (both dotted, e.g. '1.10.3'). */
export function atLeast(version: string, min: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(min);
  for (let i = 0; i < 3; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

export interface Features {
  /** 1.6: errors are JSON {"error": …}; 1.5 answered plain text. */
  jsonErrors: boolean;
  /** 1.8.0: GET /plugin/appkeys/auth/T and the auth_dialog field. */
  authDialog: boolean;
  /** 1.8.0: PLUGIN_APPKEYS_GRANT is needed to decide. */
  grantPermission: boolean;
  /** 1.8.3: double-submit CSRF cookie on state-changing session requests. */
  csrf: boolean;
  /** 1.8.4 - 1.10.x: any request carrying an invalid key is answered 403. */
  invalidKeyForbidsEverything: boolean;
  /** 1.10.0: fresh login (reauthenticationTimeout) for decide/generate/revoke. */
  freshLogin: boolean;
  /** 1.10.0: GET /api/plugin/appkeys?app=X[&user=u]. */
  appLookup: boolean;
  /** 1.10.0: revoke by app/user; before, `key` was a mandatory parameter. */
  revokeByApp: boolean;
  /** Before 1.10.0 the key listings carried the api_key itself. */
  keysInListings: boolean;
  /** 1.10.3: keys are secrets.token_urlsafe() (43 chars). */
  urlSafeKeys: boolean;
  /** 1.11.0: <html data-octoprint-version="…">. */
  versionAttribute: boolean;
  /** 1.11.2: POST /request rate limit (3/minute;5/10 minutes;10/hour). */
  rateLimit: boolean;
}

export function featuresFor(version: string): Features {
  const v = (min: string): boolean => atLeast(version, min);
  return {
    jsonErrors: v('1.6.0'),
    authDialog: v('1.8.0'),
    grantPermission: v('1.8.0'),
    csrf: v('1.8.3'),
    invalidKeyForbidsEverything: v('1.8.4') && !v('1.11.0'),
    freshLogin: v('1.10.0'),
    appLookup: v('1.10.0'),
    revokeByApp: v('1.10.0'),
    keysInListings: !v('1.10.0'),
    urlSafeKeys: v('1.10.3'),
    versionAttribute: v('1.11.0'),
    rateLimit: v('1.11.2'),
  };
}
