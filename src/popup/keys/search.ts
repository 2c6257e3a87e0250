import type { CredentialView } from '../../shared/credential';

/** The words typed in the search box, lower-cased; every one must match (AND). */
export function searchWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** The host a person recognises a server by ("octopi.local:5000"); the URL itself when it is not one. */
export function hostOf(serviceUrl: string): string {
  try {
    const url = new URL(serviceUrl);
    const path = url.pathname.replace(/\/+$/, '');
    return url.host + path;
  } catch {
    return serviceUrl;
  }
}

/** The text a key is found by: app, server, user, provider, the last 4 characters, a printer's name. */
export function haystack(credential: CredentialView, providerLabel: (id: string) => string): string {
  return [
    credential.app,
    credential.serviceUrl,
    credential.user ?? '',
    providerLabel(credential.provider),
    credential.keyTail ?? '',
    credential.details?.printer ?? '',
  ]
    .join('\n')
    .toLowerCase();
}

/** Does the key match every word (each anywhere in any of its fields)? No words: everything matches. */
export function matchesWords(credential: CredentialView, words: readonly string[], providerLabel: (id: string) => string): boolean {
  if (words.length === 0) return true;
  const text = haystack(credential, providerLabel);
  return words.every((word) => text.includes(word));
}

/** Same server: the detected URL and a key's serviceUrl, compared without case in the origin or a trailing slash. */
export function sameServer(a: string, b: string): boolean {
  const norm = (url: string) => {
    try {
      const parsed = new URL(url);
      return parsed.origin + parsed.pathname.replace(/\/+$/, '');
    } catch {
      return url.replace(/\/+$/, '');
    }
  };
  return norm(a) === norm(b);
}
