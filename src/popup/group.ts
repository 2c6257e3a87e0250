import type { CredentialView } from '../shared/credential';

export interface ServerGroup {
  serviceUrl: string;
  credentials: CredentialView[];
}

export interface AppGroup {
  app: string;
  servers: ServerGroup[];
}

/** Does a credential match the filter box? Any of provider, app, server or user, case-insensitively. */
export function matches(credential: CredentialView, query: string, providerLabel: (id: string) => string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [providerLabel(credential.provider), credential.app, credential.serviceUrl, credential.user ?? ''].some((field) =>
    field.toLowerCase().includes(q),
  );
}

/**
 * Groups per app, then per server. The input is newest first; groups keep that order (a group
 * sits where its newest key does), and so do the keys within them.
 */
export function groupCredentials(credentials: readonly CredentialView[], query: string, providerLabel: (id: string) => string): AppGroup[] {
  const apps = new Map<string, Map<string, CredentialView[]>>();
  for (const credential of credentials) {
    if (!matches(credential, query, providerLabel)) continue;
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
