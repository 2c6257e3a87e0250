// Entry point: startConduceSim() starts a Conduce simulator (account API keys) on 127.0.0.1 and
// returns the test controls. Behaviour sources are cited in routes.ts and store.ts
// (ConduceInc/conduce-python-api: conduce/session.py, conduce/api.py, oo.py).
import type { AddressInfo } from 'node:net';
import { createManualClock, realClock } from '../clock';
import { sessionCookie } from './http';
import { API_BASE, type ConduceState } from './routes';
import { createSimServer, type FaultState } from './server';
import { ConduceStore, seedUsers } from './store';
import type { ConduceSim, ConduceSimOptions, SimClock, SimRequestLogEntry } from './types';

export type * from './types';
export { createManualClock, type ManualClock } from '../clock';
export { API_BASE } from './routes';

export const DEFAULT_COOKIE_NAME = 'conduce-session';

export async function startConduceSim(options: ConduceSimOptions = {}): Promise<ConduceSim> {
  const clock: SimClock = options.clock === 'manual' ? createManualClock(Date.UTC(2026, 1, 3, 9, 30, 0)) : options.clock ?? realClock;
  const users = seedUsers();
  const store = new ConduceStore(clock, users, options.keyFormat ?? 'urlsafe43');
  const state: ConduceState = {
    clock,
    store,
    cookieName: options.cookieName ?? DEFAULT_COOKIE_NAME,
    sessionTtlMs: options.sessionTtlMs ?? 24 * 3600 * 1000,
    keepTtlMs: options.keepTtlMs ?? 30 * 24 * 3600 * 1000,
  };
  const faults: FaultState = { fault: null, prefix: '' };
  const requestLog: SimRequestLogEntry[] = [];
  const server = createSimServer(state, faults, requestLog);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    apiBase: `${url}${API_BASE}`,
    port,
    cookieName: state.cookieName,
    users,
    requestLog,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    sessionCookieFor(user, keep = false) {
      const ttl = keep ? state.keepTtlMs : state.sessionTtlMs;
      return sessionCookie(state.cookieName, store.createSession(user, ttl), null).split(';')[0] ?? '';
    },
    expireSessions: () => store.expireAll(),
    keys: () => store.all(),
    deleteKeyBehindTheBack: (apikey) => store.remove(apikey),
    advance(ms) {
      if (!clock.advance) throw new Error('advance() needs a manual clock: start the simulator with clock: "manual"');
      clock.advance(ms);
    },
    setFault(fault, pathPrefix = '') {
      faults.fault = fault;
      faults.prefix = pathPrefix;
    },
  };
}
