import type { AccountKeyView, AccountProvider } from '../shared/account-keys';
import { KeyDeckError } from '../shared/errors';
import type { Http } from './http';
import { createCocalcAccountKeys } from './providers/cocalc/account-keys';
import { cocalcClientFactory } from './providers/cocalc/client';
import { createConduceAccountKeys } from './providers/conduce/account-keys';
import { conduceClientFactory } from './providers/conduce/client';
import type { Vault } from './vault';

export interface CreateInput {
  serverUrl: string;
  app: string;
  projectId?: string;
  expire?: number;
}

/** One face for every account-style provider, so handlers and popup need no per-provider code. */
/** The browser's signed-in session, or an existing key sent as `Authorization: Bearer`. */
export type AccountAuth = { kind: 'session' } | { kind: 'key'; key: string };

export interface AccountKeys {
  signIn?(serverUrl: string, email: string, password: string): Promise<void>;
  create(input: CreateInput, auth?: AccountAuth): Promise<{ credentialId: string }>;
  list(serverUrl: string, auth?: AccountAuth): Promise<AccountKeyView[]>;
  remove(credentialId: string, auth?: AccountAuth): Promise<void>;
}

export function createAccountKeys(vault: Vault, http: Http, sessionHttp: Http): ReadonlyMap<AccountProvider, AccountKeys> {
  const cocalc = createCocalcAccountKeys({ vault, client: cocalcClientFactory(http, sessionHttp) });
  const conduce = createConduceAccountKeys({ vault, client: conduceClientFactory(http, sessionHttp) });
  const optional = <T>(value: T | null | undefined) => value ?? undefined;
  return new Map<AccountProvider, AccountKeys>([
    [
      'cocalc',
      {
        create: async ({ serverUrl, app, projectId, expire }, auth) =>
          cocalc.createKey(serverUrl, { app, ...(projectId ? { projectId } : {}), ...(expire ? { expire } : {}), ...(auth ? { auth } : {}) }),
        list: async (serverUrl, auth) =>
          (await cocalc.listKeys(serverUrl, auth)).map((k) => ({
            label: k.name ?? `key ${k.id}`,
            shown: k.trunc ?? '',
            ...(k.projectId ? { project: k.projectId } : {}),
            ...(k.expire ? { expiresAt: k.expire } : {}),
            expired: k.expired,
            held: k.held,
            ...(k.credentialId ? { credentialId: k.credentialId } : {}),
            goneOnServer: k.goneOnServer,
          })),
        remove: (credentialId, auth) => cocalc.deleteKey(credentialId, auth),
      },
    ],
    [
      'conduce',
      {
        signIn: (serverUrl, email, password) => conduce.signIn(serverUrl, email, password),
        create: async ({ serverUrl, app, projectId }, auth) => {
          if (projectId) throw new KeyDeckError('invalid-input', 'Conduce keys belong to the account: there is no project to choose.');
          return conduce.createKey(serverUrl, { app, ...(auth ? { auth } : {}) });
        },
        list: async (serverUrl, auth) =>
          (await conduce.listKeys(serverUrl, auth)).map((k) => ({
            label: optional(k.description) ?? '',
            shown: k.maskedKey,
            expired: false,
            held: k.held,
            ...(k.credentialId ? { credentialId: k.credentialId } : {}),
            goneOnServer: k.goneOnServer,
          })),
        remove: (credentialId, auth) => conduce.deleteKey(credentialId, auth),
      },
    ],
  ]);
}
