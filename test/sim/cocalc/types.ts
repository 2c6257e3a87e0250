// Public types of the CoCalc simulator (account API keys, `/api/v2/api-keys`).
// Sources (sagemathinc/cocalc): src/packages/next/pages/api/v2/api-keys.ts,
// src/packages/server/api/manage.ts, src/packages/util/db-schema/api-keys.ts,
// src/packages/server/auth/{get-account,api,remember-me,set-sign-in-cookies}.ts.

import type { SimClock } from '../clock';

export type { SimClock };

import type { SimFault } from '../node-http';

export type { SimFault };

export interface CocalcSimOptions {
  /** Time source; 'manual' creates a clock driven by sim.advance(). Default real time. */
  clock?: SimClock | 'manual';
  /** Port on 127.0.0.1 (default 0 = random). */
  port?: number;
  /** Site name shown on the sign-in page ("Sign In to {siteName}"); default "CoCalc". */
  siteName?: string;
  /**
   * Site setting samesite_remember_me (src/packages/util/db-schema/site-settings-extras.ts):
   * default 'strict'.
   */
  sameSiteRememberMe?: 'strict' | 'lax';
}

export type SeedUserName = 'alice' | 'bob';

export interface CocalcUser {
  name: SeedUserName;
  accountId: string;
  email: string;
  password: string;
  /** Legacy account-wide key (accounts.api_key, `sk_` + 16), or null. */
  legacyApiKey: string | null;
}

export interface CocalcProject {
  projectId: string;
  title: string;
  /** account_id -> group ("owner" | "collaborator"), like projects.users. */
  users: Record<string, 'owner' | 'collaborator'>;
}

/** One row of the api_keys table, secret included (test-side view). */
export interface CocalcKeyRecord {
  id: number;
  accountId: string;
  projectId: string | null;
  name: string | null;
  /** ms since epoch, or null */
  created: number;
  expire: number | null;
  lastActive: number | null;
  trunc: string;
  secret: string;
}

export interface SimRequestLogEntry {
  method: string;
  /** Raw request target (path and query). */
  path: string;
  /** Lower-cased header names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** Request body as text (empty for none). */
  body: string;
  /** Simulator clock time when the request arrived. */
  at: number;
}

export interface CocalcSim {
  /** Base URL, no trailing slash (http://127.0.0.1:PORT). */
  readonly url: string;
  readonly port: number;
  readonly users: Readonly<Record<SeedUserName, CocalcUser>>;
  /** Seeded projects: "Thesis" (alice owner, bob collaborator), "Course" (alice), "Lab" (bob). */
  readonly projects: Readonly<Record<'thesis' | 'course' | 'lab', CocalcProject>>;
  readonly requestLog: SimRequestLogEntry[];
  close(): Promise<void>;
  /** A fresh remember_me session for the user: the `Cookie` header value to send. */
  sessionCookieFor(user: SeedUserName): string;
  /** Ends every browser session (remember_me rows expire now), as if they timed out. */
  expireSessions(): void;
  /** Every api_keys row with its secret, newest first. */
  keys(): CocalcKeyRecord[];
  /** Deletes a key on the server while a client still holds it; false if no such id. */
  deleteKeyBehindTheBack(id: number): boolean;
  /** Removes a user from a project (their project keys die when next used). */
  removeFromProject(user: SeedUserName, project: 'thesis' | 'course' | 'lab'): void;
  /** Moves a manual clock forward; throws with a real-time clock. */
  advance(ms: number): void;
  /** Injects a fault for requests whose path starts with pathPrefix (default: all). */
  setFault(fault: SimFault | null, pathPrefix?: string): void;
}
