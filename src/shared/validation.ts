/** Checks on what a person types in; each returns a message for the user, or null when fine. */

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
    return `The app name must be ${APP_NAME_MIN}–${APP_NAME_MAX} characters.`;
  if (CONTROL.test(trimmed)) return 'The app name must not contain control characters.';
  if (INVISIBLE.test(trimmed))
    return 'The app name must not contain invisible characters (right-to-left overrides or zero-width characters): they can make it read as another name.';
  return null;
}

/** A service's base URL: http(s) only, no credentials, no query or fragment; any path prefix is kept. */
export function normaliseServiceUrl(input: string): { url: string } | { error: string } {
  let parsed: URL;
  try {
    parsed = new URL(input.trim());
  } catch {
    return { error: 'Enter the server address as a full URL, such as http://octopi.local.' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return { error: 'The server address must start with http:// or https://.' };
  if (parsed.username || parsed.password)
    return { error: 'Leave user name and password out of the server address.' };
  if (parsed.search || parsed.hash) return { error: 'Leave ?query and #fragment out of the server address.' };
  const path = parsed.pathname.replace(/\/+$/, '');
  return { url: `${parsed.origin}${path}` };
}

/** Shape rules every key obeys, whatever the provider: no white space or control characters, sane length. */
export function checkKeyBasics(key: string): string | null {
  if (key.length === 0) return 'Paste the key.';
  if (/\s/.test(key) || CONTROL.test(key)) return 'The key must not contain spaces or line breaks.';
  if (key.length < 8 || key.length > 512) return 'That does not look like a key (8–512 characters).';
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
