// Public types of the OctoPrint simulator. Everything a test or the CLI needs to
// configure and drive the simulator is declared here; the implementation lives in
// the sibling modules (see index.ts for the entry point).

/** 1.10.3+ uses secrets.token_urlsafe (43 chars), older servers 32 upper-case hex. */
export type KeyFormat = 'urlsafe43' | 'hex32';

import type { SimClock } from '../clock';

export type { SimClock };

import type { SimFault } from '../node-http';

export type { SimFault };

export interface OctoPrintSimOptions {
  /** OctoPrint version to imitate (default '1.11.8'). Switches behaviour, see version.ts. */
  version?: string;
  /** Override the key/token format the version implies. */
  keyFormat?: KeyFormat;
  /** Reverse-proxy prefix (like OctoPrint's server.baseUrl), e.g. '/octoprint'. */
  basePath?: string;
  /** HTTP basic auth demanded by a proxy in front of everything. */
  basicAuth?: { user: string; password: string };
  /** POST /plugin/appkeys/request rate limiter; default on for >= 1.11.2. */
  rateLimit?: boolean;
  /** false: the appkeys plugin is disabled (probe and all appkeys endpoints 404). */
  pluginEnabled?: boolean;
  /** false: first-run wizard not completed (probe/request 403, no users, no keys). */
  setUp?: boolean;
  /** Initial value of api.allowCrossOrigin (default false). */
  cors?: boolean;
  /** Time source; 'manual' creates a manual clock driven by sim.advance(). Default real time. */
  clock?: SimClock | 'manual';
  /** accessControl.reauthenticationTimeout in minutes (default 5, as OctoPrint). */
  reauthenticationTimeoutMinutes?: number;
  /** Port to listen on (default 0 = random). */
  port?: number;
  /**
   * Serve HTTPS with this key and certificate (PEM), as OctoPi's haproxy does with its self-signed
   * one: OctoPrint then builds its URLs (Location, auth_dialog) with https, from the proxy's X-Scheme.
   */
  tls?: { key: string; cert: string };
  /** Loopback address to listen on (default 127.0.0.1; any 127.x.y.z, so many servers can share a port). */
  host?: string;
}

export type SeedUserName = 'admin' | 'bob' | 'viewer';

export interface SimUser {
  name: SeedUserName;
  password: string;
  /** The user's own API key (user key, not an app key). */
  apiKey: string;
  groups: string[];
  permissions: string[];
}

export interface SimPendingInfo {
  appToken: string;
  userToken: string;
  appId: string;
  userId: string | null;
  remoteAddress: string;
  createdAt: number;
  lastPolledAt: number;
}

/** A pending request OctoPrint dropped by itself: nobody polled it for 5 s, or it was older than 10 minutes. */
export interface SimDropInfo {
  appToken: string;
  appId: string;
  reason: 'unpolled' | 'cutoff';
  /** Simulator clock time of the drop. */
  at: number;
}

export interface SimKeyInfo {
  appId: string;
  userId: string;
  apiKey: string;
}

export interface SimRequestLogEntry {
  method: string;
  /** Raw request target as received (base path and query string included). */
  path: string;
  /** Lower-cased header names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** Simulator clock time when the request arrived. */
  at: number;
}

/** A client of the push socket (<root>/sockjs/websocket), e.g. a farm manager. */
export interface SimPushClient {
  /** Who the socket is logged in as after a valid {"auth": "<user>:<session>"}; null until then. */
  user: string | null;
  throttle: number;
}

export interface OctoPrintSim {
  /** Base URL including the base path, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly version: string;
  readonly users: Readonly<Record<SeedUserName, SimUser>>;
  /** The deprecated global key (settings.api.key, pseudo-user `_api`); null when not set up. */
  readonly globalKey: string | null;
  readonly requestLog: SimRequestLogEntry[];
  /** Every push-socket connection so far, in order. */
  readonly pushClients: readonly SimPushClient[];
  close(): Promise<void>;
  /** As if the user clicked Allow (default: the bound user, else admin). */
  approve(appToken: string, asUser?: string): boolean;
  /**
   * As an admin would in Settings → Access Control: puts a seeded user in these groups (group ids as
   * OctoPrint stores them: 'admins' is Admins, 'users' is Operator). Permissions stay the user's own.
   */
  setGroups(user: SeedUserName, groups: string[]): void;
  /** As if the user clicked Deny. */
  deny(appToken: string): boolean;
  pending(): SimPendingInfo[];
  keys(): SimKeyInfo[];
  /** Requests the server dropped by itself, oldest first. */
  dropped(): SimDropInfo[];
  /**
   * Resolves when the server drops this request by itself (at once if it already has); rejects
   * after `timeoutMs`. With a real clock the 5 s timer fires on its own, as OctoPrint's does.
   */
  waitForDrop(appToken: string, timeoutMs: number): Promise<SimDropInfo>;
  /** Moves a manual clock forward (the server's timers that fall due fire); throws with a real-time clock. */
  advance(ms: number): void;
  /** Injects a fault for requests whose path (after the base path) starts with pathPrefix. */
  setFault(fault: SimFault | null, pathPrefix?: string): void;
}
