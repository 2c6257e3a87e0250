import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { FarmRow, FarmView } from '../../../src/shared/farm';
import type { OctoPrintSim } from '../../sim/octoprint/types';
import { createFarmService, type FarmService } from '../../../src/background/farm/farm-service';
import { probeFarmServer } from '../../../src/background/farm/probe';
import { createHttp } from '../../../src/providers/http';
import { createOctoPrintClient } from '../../../src/providers/octoprint/client';
import { createOctoPrintWorkflow, type OctoPrintWorkflow } from '../../../src/providers/octoprint/workflow';
import { createHandlers, type Services } from '../../../src/background/handlers';
import { PROVIDERS } from '../../../src/providers/registry';
import type { MessageType, Payload, Responses } from '../../../src/shared/messages';
import { createStore, type Store } from '../../../src/storage';
import type { Runtime } from 'webextension-polyfill';
import { testVault } from '../../support/test-vault';
import { createMemoryStorage, memoryBackend, type MemoryStorage } from './memory-storage';
import { createProviderContext } from './provider-context';
import { createTestClock, type TestClock } from './rig';
import { workerTimers, type WorkerTimers } from './timers';

/**
 * The background's farm as start-background builds it — farm service, probe, OctoPrint workflow,
 * client, http, vault — over in-memory storage, talking real HTTP to whatever servers a test starts.
 */
export interface FarmRig {
  farm: FarmService;
  workflow: OctoPrintWorkflow;
  store: Store;
  session: MemoryStorage;
  local: MemoryStorage;
  vault: ReturnType<typeof testVault>;
  clock: TestClock;
  timers: WorkerTimers;
  /** The most probes that ran at the same time. */
  mostProbesAtOnce(): number;
  /** A new worker over the same storage (the old one's timers should be dropped first). */
  restarted(): FarmRig;
}

export function useFarmRigs() {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function farmRig(options: { concurrency?: number } = {}): FarmRig {
    return build(createMemoryStorage(), createMemoryStorage(), options);
  }

  /** The farm, workflow and vault of one background worker over these storage areas. */
  function build(session: MemoryStorage, local: MemoryStorage, { concurrency }: { concurrency?: number }): FarmRig {
    const store = createStore(memoryBackend(local, session));
    const vault = testVault(store);
    const http = createHttp(fetch);
    const client = createOctoPrintClient(http);
    const clock = createTestClock();
    const timers = workerTimers();
    cleanups.push(() => timers.drop());
    const workflow = createOctoPrintWorkflow({ flows: store.flows, vault, client, now: clock.now, timers });
    let probesNow = 0;
    let mostProbes = 0;
    const farm = createFarmService({
      item: store.farm,
      workflow,
      probe: async (url) => {
        mostProbes = Math.max(mostProbes, ++probesNow);
        try {
          return await probeFarmServer(client, http, url);
        } finally {
          probesNow--;
        }
      },
      savedKeys: () => vault.list(),
      provider: 'octoprint',
      now: clock.now,
      ...(concurrency ? { concurrency } : {}),
    });
    return {
      farm,
      workflow,
      store,
      session,
      local,
      vault,
      clock,
      timers,
      mostProbesAtOnce: () => mostProbes,
      restarted: () => build(session, local, { concurrency }),
    };
  }

  /** Something at an address that is not OctoPrint: every path is a plain 404. */
  async function notOctoPrint(host: string): Promise<{ url: string; close(): Promise<void> }> {
    const server: Server = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found'));
    await new Promise<void>((done) => server.listen(0, host, done));
    const close = () => new Promise<void>((done) => server.close(() => done()));
    cleanups.push(close);
    return { url: `http://${host}:${(server.address() as AddressInfo).port}`, close };
  }

  /** An address where nothing listens (a port that was free a moment ago). */
  async function closedPort(host: string): Promise<string> {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, host, done));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((done) => server.close(() => done()));
    return `http://${host}:${port}`;
  }

  return { farmRig, notOctoPrint, closedPort, closeLater: (close: () => unknown) => void cleanups.push(close) };
}

/** The app the farm tests ask keys for. */
export const FARM_APP = 'FDM Monster';

export function rowOf(view: FarmView | null, url: string): FarmRow {
  const row = view?.rows.find((r) => r.url === url);
  if (!row) throw new Error(`no row for ${url}`);
  return row;
}

/** The farm's own request for a key on this simulator, once OctoPrint holds it. */
export const farmToken = (sim: OctoPrintSim) => sim.pending().find((p) => p.appId === FARM_APP)?.appToken;

/** A service the farm page's messages never reach here: any use fails the test loudly. */
function unused<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_, property) => {
      throw new Error(`${name}.${String(property)} is not used by the farm's messages`);
    },
  });
}

/**
 * The background's message handlers (createHandlers, the real provider registry) over this rig's
 * vault, farm and workflow: what the farm page reaches with a message, once the router's checks passed.
 */
export function farmMessages(r: FarmRig): <K extends MessageType>(type: K, payload: Payload<K>) => Promise<Responses[K]> {
  const services: Services = {
    vault: r.vault,
    lock: r.vault.lock,
    settings: r.store.settings,
    providers: PROVIDERS,
    ctx: createProviderContext({ now: r.clock.now, settings: r.store.settings.get }),
    workflow: r.workflow,
    farm: r.farm,
    rotation: unused('rotation'),
    clipboard: unused('clipboard'),
    tabs: unused('tabs'),
    capture: unused('capture'),
    // The user allowed KeyDeck on the farm's hosts when the farm page asked.
    hasHostAccess: async () => true,
    showPage: async () => {
      throw new Error('showPage is not used by the farm\'s messages');
    },
  };
  const handlers = createHandlers(services);
  const sender = { id: 'keydeck', url: 'chrome-extension://keydeck/popup.html?view=farm' } as Runtime.MessageSender;
  return (type, payload) => handlers[type](payload, sender);
}
