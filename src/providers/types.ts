import type { Credential, Verification, VaultEntry } from '../shared/credential';
import type { Settings } from '../shared/settings';
import type { AccountAuth, Http } from './http';

export type { AccountAuth } from './http';

/**
 * One provider = how a key of one kind of service is obtained, verified and revoked. Each lives in
 * its own folder and is listed once in ./registry.ts; the popup, the vault and the router read only
 * this interface. What a provider can do is what it has: `verify`, `revoke`, `accounts`.
 */
export interface Provider {
  id: string;
  label: string;
  /** A short hint on what the key looks like, shown under the key field. */
  keyHint: string;
  /** Manual entry: a user-facing message for a key of the wrong shape, or null. */
  checkKey(key: string): string | null;
  /** KeyDeck looks for this provider's pages on the servers it holds keys for (OctoPrint's UI). */
  detectsOnServer?: boolean;
  /** Is the key still good, and for whom? */
  verify?(credential: Credential, ctx: ProviderContext): Promise<{ verification: Verification; user?: string }>;
  /** Revoke on the server and confirm the key no longer works; `others` may hold an admin's key. */
  revoke?(credential: Credential, others: readonly Credential[], ctx: ProviderContext): Promise<void>;
  /** Keys made and listed through an account API. */
  accounts?: AccountApi;
  /** A print-farm manager: KeyDeck sends OctoPrint keys to it with this provider's key (`fdm.send`). */
  takesPrinterKeys?: boolean;
}

/** What a provider works with; the background builds it once. */
export interface ProviderContext {
  /** Sends no cookies: for requests that carry a key. */
  http: Http;
  /** Sends the browser's cookies for the server: for account APIs signed in to in a tab. */
  sessionHttp: Http;
  now(): number;
  settings(): Promise<Settings>;
}


export interface CreateInput {
  serverUrl: string;
  app: string;
  projectId?: string;
  /** Expiry as a time in ms. */
  expire?: number;
}

/** A key on an account as the popup lists it: never the secret. */
export interface AccountKeyView {
  /** The key's name or description on the server. */
  label: string;
  /** A shortened or masked form. */
  shown: string;
  project?: string;
  expiresAt?: number;
  expired: boolean;
  /** KeyDeck holds this key (its vault entry id). */
  held: boolean;
  credentialId?: string;
  /** KeyDeck holds it, but the server no longer lists it. */
  goneOnServer: boolean;
}

/** What the popup's Accounts panel shows for a provider: data, so the panel names no provider. */
export interface AccountForm {
  /** 'password': KeyDeck signs in (the password used once); 'browser': the user signs in in a tab. */
  signIn: 'password' | 'browser';
  /** With 'password': what the account is named by (default an email address). */
  signInName?: 'email' | 'username';
  /** The sign-in page to offer when the browser session is missing. */
  signInPage?(serverUrl: string): string;
  /** The setting that holds this provider's default server, if it has a public one. */
  defaultServer?: 'cocalcUrl';
  /** Keys may belong to a project, and may expire. */
  projects: boolean;
  expiry: boolean;
}

export interface AccountApi {
  form: AccountForm;
  signIn?(ctx: ProviderContext, serverUrl: string, email: string, password: string): Promise<void>;
  /** Creates a key on the server; returns the vault entry to store (the caller stores it). */
  create(ctx: ProviderContext, input: CreateInput, auth: AccountAuth): Promise<Omit<Credential, 'id'>>;
  /** The account's keys, matched against those KeyDeck holds for that server. */
  list(ctx: ProviderContext, serverUrl: string, auth: AccountAuth, held: readonly Credential[]): Promise<AccountKeyView[]>;
  /** Deletes on the server (the caller then forgets it locally). */
  remove(ctx: ProviderContext, credential: Credential, auth: AccountAuth): Promise<void>;
}

/** Where a provider's own flows put the keys they receive (the vault). */
/** Where providers put what arrives: it seals the secrets, and answers with the entry without them. */
export interface KeyStore {
  add(credential: Omit<Credential, 'id'>): Promise<VaultEntry>;
  update(id: string, patch: Partial<Omit<Credential, 'id'>>): Promise<VaultEntry>;
}
