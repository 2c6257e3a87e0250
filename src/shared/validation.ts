/** Checks on what a person types in; each returns a message for the user, or null when fine. */
import { t } from './i18n';

export const APP_NAME_MIN = 2;
export const APP_NAME_MAX = 60;

// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Invisible characters that change how text reads (bidi embeddings, overrides and isolates,
 * zero-width spaces, joiners and marks, the BOM): an app name with them can show in OctoPrint's
 * "Access Request" notice as another name than the one it is.
 */
export const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

export function checkAppName(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length < APP_NAME_MIN || trimmed.length > APP_NAME_MAX)
    return t('errAppNameLength', String(APP_NAME_MIN), String(APP_NAME_MAX));
  if (CONTROL.test(trimmed)) return t('errAppNameControl');
  if (INVISIBLE.test(trimmed))
    return t('errAppNameInvisible');
  return null;
}

/** A service's base URL: http(s) only, no credentials, no query or fragment; any path prefix is kept. */
export function normaliseServiceUrl(input: string): { url: string } | { error: string } {
  let parsed: URL;
  try {
    parsed = new URL(input.trim());
  } catch {
    return { error: t('errUrlNotFull') };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return { error: t('errUrlScheme') };
  if (parsed.username || parsed.password)
    return { error: t('errUrlCredentials') };
  if (parsed.search || parsed.hash) return { error: t('errUrlQuery') };
  const path = parsed.pathname.replace(/\/+$/, '');
  return { url: `${parsed.origin}${path}` };
}

/** Shape rules every key obeys, whatever the provider: no white space or control characters, sane length. */
export function checkKeyBasics(key: string): string | null {
  if (key.length === 0) return t('errKeyEmpty');
  if (/\s/.test(key) || CONTROL.test(key)) return t('errKeySpaces');
  if (key.length < 8 || key.length > 512) return t('errKeyLength');
  return null;
}

/** The match pattern that covers a service's host on any port (Firefox's patterns cannot name a port). */
export function originPattern(serviceUrl: string): string {
  const { protocol, hostname } = new URL(serviceUrl);
  return `${protocol}//${hostname}/*`;
}

/** A base URL without the trailing slashes people type: `http://host/base/` → `http://host/base`. */
export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
