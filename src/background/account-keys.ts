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
export interface AccountKeys {
  signIn?(serverUrl: string, email: string, password: string): Promise<void>;
  create(input: CreateInput): Promise<{ credentialId: string }>;
  list(serverUrl: string): Promise<AccountKeyView[]>;
  remove(credentialId: string): Promise<void>;
}

export function createAccountKeys(vault: Vault, http: Http, sessionHttp: Http): ReadonlyMap<AccountProvider, AccountKeys> {
  const cocalc = createCocalcAccountKeys({ vault, client: cocalcClientFactory(http, sessionHttp) });
  const conduce = createConduceAccountKeys({ vault, client: conduceClientFactory(http, sessionHttp) });
  const optional = <T>(value: T | null | undefined) => value ?? undefined;
  return new Map<AccountProvider, AccountKeys>([
    [
      'cocalc',
      {
        create: async ({ serverUrl, app, projectId, expire }) =>
          cocalc.createKey(serverUrl, { app, ...(projectId ? { projectId } : {}), ...(expire ? { expire } : {}) }),
        list: async (serverUrl) =>
          (await cocalc.listKeys(serverUrl)).map((k) => ({
            label: k.name ?? `key ${k.id}`,
            shown: k.trunc ?? '',
            ...(k.projectId ? { project: k.projectId } : {}),
            ...(k.expire ? { expiresAt: k.expire } : {}),
            expired: k.expired,
            held: k.held,
            ...(k.credentialId ? { credentialId: k.credentialId } : {}),
            goneOnServer: k.goneOnServer,
          })),
        remove: (credentialId) => cocalc.deleteKey(credentialId),
      },
    ],
    [
      'conduce',
      {
        signIn: (serverUrl, email, password) => conduce.signIn(serverUrl, email, password),
        create: async ({ serverUrl, app, projectId }) => {
          if (projectId) throw new KeyDeckError('invalid-input', 'Conduce keys belong to the account: there is no project to choose.');
          return conduce.createKey(serverUrl, { app });
        },
        list: async (serverUrl) =>
          (await conduce.listKeys(serverUrl)).map((k) => ({
            label: optional(k.description) ?? '',
            shown: k.maskedKey,
            expired: false,
            held: k.held,
            ...(k.credentialId ? { credentialId: k.credentialId } : {}),
            goneOnServer: k.goneOnServer,
          })),
        remove: (credentialId) => conduce.deleteKey(credentialId),
      },
    ],
  ]);
}
