import { testVault } from '../../support/test-vault';
import { afterEach } from 'vitest';
import { createHttp, type Http } from '../../../src/providers/http';
import { createOctoPrintClient, type OctoPrintClient } from '../../../src/providers/octoprint/client';
import { createOctoPrintWorkflow, type OctoPrintWorkflow } from '../../../src/providers/octoprint/workflow';
import type { Vault } from '../../../src/background/vault';
import type { FlowView } from '../../../src/shared/flow';
import { startOctoPrintSim } from '../../sim/octoprint/index';
import type { OctoPrintSim, OctoPrintSimOptions, SimRequestLogEntry } from '../../sim/octoprint/types';
import { createStore, type Store } from '../../../src/storage';
import { createMemoryStorage, memoryBackend, type MemoryStorage } from './memory-storage';
import { workerTimers, type WorkerTimers } from './timers';
import { waitUntil } from './wait';

/** The workflow's clock: real time plus an offset a test may move forward. */
export interface TestClock {
  now(): number;
  jump(ms: number): void;
}

export function createTestClock(): TestClock {
  let offset = 0;
  return { now: () => Date.now() + offset, jump: (ms) => void (offset += ms) };
}

/** A workflow clock that moves only by jump(): scheduled delays are then exact. */
export function createFrozenClock(start = Date.now()): TestClock {
  let now = start;
  return { now: () => now, jump: (ms) => void (now += ms) };
}

export interface RigOptions {
  /** Wraps the real fetch (e.g. to play a reverse proxy); the real one by default. */
  fetch?: typeof fetch;
  clock?: TestClock;
  /** The first workflow's timers (real ones that can be dropped, by default). */
  timers?: WorkerTimers;
  /** storage.local, e.g. one with a quota; an empty in-memory one by default. */
  local?: MemoryStorage;
}

/**
 * The real background modules (http, client, vault, workflow) over real HTTP against a fresh
 * simulator, with in-memory `storage.session` and `storage.local`.
 */
export interface Rig {
  sim: OctoPrintSim;
  session: MemoryStorage;
  local: MemoryStorage;
  /** Every stored item, over those two areas. */
  store: Store;
  http: Http;
  client: OctoPrintClient;
  vault: ReturnType<typeof testVault>;
  clock: TestClock;
  workflow: OctoPrintWorkflow;
  /** The first workflow's timers: `timers.drop()` is the browser stopping that worker. */
  timers: WorkerTimers;
  /** Every flow change the workflow(s) reported, in order. */
  views: FlowView[];
  /** A second workflow over the same storage: a background worker that was restarted. */
  newWorkflow(timers?: WorkerTimers): OctoPrintWorkflow;
}

/**
 * Registers an afterEach that drops every workflow's timers and closes every simulator a test made, and
 * returns the factory tests use. Call once per test file (at top level or in a describe).
 */
export function useRigs(): { rig(options?: OctoPrintSimOptions, rigOptions?: RigOptions): Promise<Rig>; closeLater(close: () => unknown): void } {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    const pending = cleanups.splice(0).reverse();
    for (const cleanup of pending) await cleanup();
  });

  async function rig(options: OctoPrintSimOptions = {}, rigOptions: RigOptions = {}): Promise<Rig> {
    const sim = await startOctoPrintSim(options);
    cleanups.push(() => sim.close());
    const session = createMemoryStorage();
    const local = rigOptions.local ?? createMemoryStorage();
    const http = createHttp(rigOptions.fetch ?? fetch);
    const client = createOctoPrintClient(http);
    const store = createStore(memoryBackend(local, session));
    const vault = testVault(store);
    const clock = rigOptions.clock ?? createTestClock();
    const views: FlowView[] = [];
    const newWorkflow = (timers: WorkerTimers = workerTimers()) => {
      cleanups.push(() => timers.drop());
      return createOctoPrintWorkflow({ flows: store.flows, vault, client, now: clock.now, timers, onChange: (view) => views.push(view) });
    };
    const timers = rigOptions.timers ?? workerTimers();
    return { sim, session, local, store, http, client, vault, clock, workflow: newWorkflow(timers), timers, views, newWorkflow };
  }

  return { rig, closeLater: (close) => void cleanups.push(close) };
}

// --- What the server saw -------------------------------------------------------------------------

const APPKEYS = '/plugin/appkeys/';
export const isProbe = (e: SimRequestLogEntry) => e.method === 'GET' && e.path.endsWith(`${APPKEYS}probe`);
export const isKeyRequest = (e: SimRequestLogEntry) => e.method === 'POST' && e.path.endsWith(`${APPKEYS}request`);
export const isPoll = (e: SimRequestLogEntry) => e.method === 'GET' && /\/plugin\/appkeys\/request\/[^/?]+$/.test(e.path);
export const isWorkflowCall = (e: SimRequestLogEntry) => isProbe(e) || isKeyRequest(e) || isPoll(e);

export const keyRequests = (sim: OctoPrintSim) => sim.requestLog.filter(isKeyRequest);
export const polls = (sim: OctoPrintSim) => sim.requestLog.filter(isPoll);

/** The one pending request's app token, once the simulator has it. */
export async function pendingToken(sim: OctoPrintSim, timeoutMs = 3_000): Promise<string> {
  const pending = await waitUntil(() => sim.pending()[0], timeoutMs, 'a pending key request on the simulator');
  return pending.appToken;
}

/** Resolves after the simulator has seen `count` more polls than now. */
export async function nextPolls(sim: OctoPrintSim, count = 1, timeoutMs = 3_000): Promise<void> {
  const seen = polls(sim).length;
  await waitUntil(() => polls(sim).length >= seen + count, timeoutMs, `${count} more poll(s)`, 5);
}
