// Entry point: startOctoPrintSim() starts a faithful OctoPrint (appkeys workflow)
// simulator on 127.0.0.1 and returns the test controls. Behaviour sources:
// test/fixtures/octoprint/octoprint-1.11.8-transcript.md (ground truth) and
// src/octoprint/plugins/appkeys/__init__.py of OctoPrint.
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { flatHeaders } from '../node-http';
import { createManualClock, realClock } from '../clock';
import type { SimState } from './context';
import { RateLimiter } from './ratelimit';
import { createPushSocket } from './push';
import { createSimServer, type FaultState } from './server';
import { SessionStore } from './sessions';
import { AppKeysStore } from './store';
import { generateKey } from './tokens';
import type { OctoPrintSim, OctoPrintSimOptions, SimClock, SimDropInfo, SimPushClient, SimRequestLogEntry } from './types';
import { seedUsers } from './users';
import { featuresFor } from './version';

export type * from './types';
export { createManualClock, type ManualClock } from '../clock';

export const DEFAULT_VERSION = '1.11.8';

function normaliseBasePath(p: string | undefined): string {
  if (!p) return '';
  const trimmed = p.replace(/\/+$/, '');
  if (!trimmed) return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

export async function startOctoPrintSim(options: OctoPrintSimOptions = {}): Promise<OctoPrintSim> {
  const version = options.version ?? DEFAULT_VERSION;
  const features = featuresFor(version);
  const keyFormat = options.keyFormat ?? (features.urlSafeKeys ? 'urlsafe43' : 'hex32');
  const clock: SimClock = options.clock === 'manual' ? createManualClock() : options.clock ?? realClock;
  const setUp = options.setUp ?? true;
  const newKey = (): string => generateKey(keyFormat);
  const rateLimited = options.rateLimit ?? features.rateLimit;
  const state: SimState = {
    version, features, keyFormat, clock,
    store: new AppKeysStore(clock, newKey),
    sessions: new SessionStore(),
    users: seedUsers(keyFormat),
    globalKey: setUp ? newKey() : null,
    setUp,
    pluginEnabled: options.pluginEnabled ?? true,
    settings: { allowCrossOrigin: options.cors ?? false },
    limiter: rateLimited ? new RateLimiter(clock) : null,
    reauthMs: (options.reauthenticationTimeoutMinutes ?? 5) * 60_000,
    basicAuth: options.basicAuth ?? null,
    basePath: normaliseBasePath(options.basePath),
    port: 0,
    scheme: options.tls ? 'https' : 'http',
    userSessions: new Map(),
  };
  const faults: FaultState = { fault: null, prefix: '' };
  const requestLog: SimRequestLogEntry[] = [];
  const server = createSimServer(state, faults, requestLog, options.tls);
  const pushClients: SimPushClient[] = [];
  const push = createPushSocket(state, pushClients);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    requestLog.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: flatHeaders(req.headers), at: clock.now() });
    push.upgrade(req, socket, head);
  });
  const host = options.host ?? '127.0.0.1';
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) throw new Error(`the simulator listens on loopback only (127.x.y.z), not ${host}`);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  state.port = (server.address() as AddressInfo).port;
  const { store } = state;
  const firstPending = (appToken: string) => store.pendingByAppToken(appToken)[0];

  return {
    url: `${state.scheme}://${host}:${state.port}${state.basePath}`,
    port: state.port,
    version,
    users: state.users,
    globalKey: state.globalKey,
    requestLog,
    pushClients,
    close: () =>
      new Promise<void>((resolve) => {
        store.close();
        push.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    approve(appToken: string, asUser?: string): boolean {
      const p = firstPending(appToken);
      if (!p) return false;
      return store.setDecision(p.userToken, true, asUser ?? p.userId ?? 'admin');
    },
    setGroups(user, groups): void {
      state.users[user].groups = [...groups];
    },
    deny(appToken: string): boolean {
      const p = firstPending(appToken);
      return p ? store.setDecision(p.userToken, false, p.userId ?? 'admin') : false;
    },
    pending: () => store.pendingInfo(),
    keys: () => store.allKeys().map((k) => ({ ...k })),
    dropped: () => store.dropped(),
    waitForDrop(appToken: string, timeoutMs: number): Promise<SimDropInfo> {
      return new Promise((resolve, reject) => {
        const done = (drop: SimDropInfo) => {
          clearTimeout(timer);
          stop();
          resolve(drop);
        };
        const timer = setTimeout(() => {
          stop();
          reject(new Error(`the simulator did not drop request ${appToken.slice(0, 6)}… within ${timeoutMs} ms`));
        }, timeoutMs);
        const stop = store.onDrop((drop) => drop.appToken === appToken && done(drop));
        store.sweep(); // due already? then it is dropped (and reported) now
        const earlier = store.dropped().find((drop) => drop.appToken === appToken);
        if (earlier) done(earlier);
      });
    },
    advance(ms: number): void {
      if (!clock.advance) throw new Error('advance() needs a manual clock: start the simulator with clock: "manual"');
      clock.advance(ms);
      store.sweep(); // the poll timers that fell due fire, as they would on the real server
    },
    setFault(fault, pathPrefix = ''): void {
      faults.fault = fault;
      faults.prefix = pathPrefix;
    },
  };
}
