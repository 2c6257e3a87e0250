// Public types of the Conduce simulator (account API keys under /conduce/api/v1).
// Sources (ConduceInc/conduce-python-api): conduce/session.py (login, validate-session,
// Bearer header), conduce/api.py (list_api_keys, create_api_key, remove_api_key),
// oo.py (list items carry the full key in "apikey"), doc/source/api-key-creation.rst.
// The Conduce server is not public: what those clients do not show is marked "assumed"
// where it is implemented, and can be changed with the options below.

import type { SimClock } from '../clock';

export type { SimClock };

import type { SimFault } from '../node-http';

export type { SimFault };

/** "urlsafe43": like the key in conduce/test_conduce_api.py; "uuid": as the api.py docstrings say. */
export type ConduceKeyFormat = 'urlsafe43' | 'uuid';

export interface ConduceSimOptions {
  clock?: SimClock | 'manual';
  port?: number;
  keyFormat?: ConduceKeyFormat;
  /** Session cookie name (assumed; no public source names it). Default "conduce-session". */
  cookieName?: string;
  /** Server-side life of a `keep: false` session (assumed). Default 24 h. */
  sessionTtlMs?: number;
  /** Life of a `keep: true` session, also its cookie Max-Age (assumed). Default 30 days. */
  keepTtlMs?: number;
}

export type SeedUserName = 'dana' | 'eli';

export interface ConduceUser {
  name: SeedUserName;
  email: string;
  password: string;
}

export interface ConduceKeyRecord {
  apikey: string;
  owner: SeedUserName;
  description: string;
  /** ms since epoch */
  created: number;
}

export interface SimRequestLogEntry {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

export interface ConduceSim {
  /** Server root, no trailing slash (http://127.0.0.1:PORT). */
  readonly url: string;
  /** `${url}/conduce/api/v1` */
  readonly apiBase: string;
  readonly port: number;
  readonly cookieName: string;
  readonly users: Readonly<Record<SeedUserName, ConduceUser>>;
  readonly requestLog: SimRequestLogEntry[];
  close(): Promise<void>;
  /** A fresh session for the user: the `Cookie` header value to send. */
  sessionCookieFor(user: SeedUserName, keep?: boolean): string;
  /** Every session ends now (validate-session answers 401). */
  expireSessions(): void;
  /** Every key with its owner, oldest first. */
  keys(): ConduceKeyRecord[];
  /** Deletes a key on the server while a client still holds it; false if unknown. */
  deleteKeyBehindTheBack(apikey: string): boolean;
  advance(ms: number): void;
  /** Injects a fault for requests whose path starts with pathPrefix (default: all). */
  setFault(fault: SimFault | null, pathPrefix?: string): void;
}
