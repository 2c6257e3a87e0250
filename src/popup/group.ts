import type { CredentialView } from '../shared/credential';

export interface ServerGroup {
  serviceUrl: string;
  credentials: CredentialView[];
}

/**
 * Groups per server. The input is newest first; groups keep that order (a group sits where its
 * newest key does), and so do the keys within them.
 */
export function groupByServer(credentials: readonly CredentialView[]): ServerGroup[] {
  const servers = new Map<string, CredentialView[]>();
  for (const credential of credentials) {
    const list = servers.get(credential.serviceUrl);
    if (list) list.push(credential);
    else servers.set(credential.serviceUrl, [credential]);
  }
  return [...servers].map(([serviceUrl, list]) => ({ serviceUrl, credentials: list }));
}
