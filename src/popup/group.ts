import type { CredentialView } from '../shared/credential';
import { matchesWords, searchWords } from './keys/search';

export interface ServerGroup {
  serviceUrl: string;
  credentials: CredentialView[];
}

export interface AppGroup {
  app: string;
  servers: ServerGroup[];
}

/** Does a credential match the search box? Every word, each in any of its fields, case-insensitively. */
export function matches(credential: CredentialView, query: string, providerLabel: (id: string) => string): boolean {
  return matchesWords(credential, searchWords(query), providerLabel);
}

/**
 * Groups per app, then per server. The input is newest first; groups keep that order (a group
 * sits where its newest key does), and so do the keys within them.
 */
export function groupCredentials(credentials: readonly CredentialView[], query: string, providerLabel: (id: string) => string): AppGroup[] {
  const words = searchWords(query);
  const apps = new Map<string, Map<string, CredentialView[]>>();
  for (const credential of credentials) {
    if (!matchesWords(credential, words, providerLabel)) continue;
    const appKey = credential.app.toLowerCase();
    let servers = apps.get(appKey);
    if (!servers) apps.set(appKey, (servers = new Map()));
    const list = servers.get(credential.serviceUrl);
    if (list) list.push(credential);
    else servers.set(credential.serviceUrl, [credential]);
  }
  return [...apps.values()].map((servers) => {
    const groups = [...servers].map(([serviceUrl, list]) => ({ serviceUrl, credentials: list }));
    return { app: groups[0]!.credentials[0]!.app, servers: groups };
  });
}
