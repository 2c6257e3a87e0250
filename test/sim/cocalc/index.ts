// Entry point: startCocalcSim() starts a CoCalc simulator (account API keys) on 127.0.0.1 and
// returns the test controls. Behaviour sources are cited in each module; the endpoint is
// src/packages/next/pages/api/v2/api-keys.ts + src/packages/server/api/manage.ts.
import type { AddressInfo } from 'node:net';
import { createManualClock, realClock } from '../clock';
import { REMEMBER_ME_COOKIE } from './auth';
import { SIGN_IN_MAX_AGE_MS, type CocalcState } from './routes';
import { createSimServer, type FaultState } from './server';
import { CocalcStore, seedProjects, seedUsers } from './store';
import type { CocalcSim, CocalcSimOptions, SimClock, SimRequestLogEntry } from './types';

export type * from './types';
export { createManualClock, type ManualClock } from '../clock';
export { SIGN_IN_MAX_AGE_MS } from './routes';

export async function startCocalcSim(options: CocalcSimOptions = {}): Promise<CocalcSim> {
  const clock: SimClock = options.clock === 'manual' ? createManualClock(Date.UTC(2026, 1, 3, 9, 30, 0)) : options.clock ?? realClock;
  const users = seedUsers();
  const projects = seedProjects(users);
  const store = new CocalcStore(clock, users, projects);
  const state: CocalcState = {
    clock, store, siteName: options.siteName ?? 'CoCalc', sameSite: options.sameSiteRememberMe ?? 'strict',
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

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    users,
    projects,
    requestLog,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    sessionCookieFor(user) {
      return `${REMEMBER_ME_COOKIE}=${store.createRememberMe(users[user].accountId, SIGN_IN_MAX_AGE_MS)}`;
    },
    expireSessions: () => store.expireAllSessions(),
    keys: () => store.all(),
    deleteKeyBehindTheBack: (id) => store.remove(id),
    removeFromProject(user, project) {
      delete projects[project].users[users[user].accountId];
    },
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
