import { t } from '../../shared/i18n';
import { KeyDeckError } from '../../shared/errors';
import { checkAppName, normaliseServiceUrl } from '../../shared/validation';
import { serial } from '../../shared/serial';
import { onServer } from '../../shared/server-url';
import type { StoredItem } from '../../storage';
import type { KeyStore } from '../types';
import type { OctoPrintClient } from './client';
import type { FlowView } from '../../shared/flow';
import { ACTIVE_PHASES, flowId, toFlowView, type FlowState } from './flow-state';
import { saveArrivedKey } from './flow-save';
import { end, step } from './flow-step';
import { createFlowWriter } from './flow-writes';

/** How long polling stays fast after a decision in a watched tab. */
const BURST_MS = 3_000;

/**
 * Where the workflow's wake-ups live. They belong to whoever runs the background: the browser drops
 * them with a stopped worker (the flow in `storage.session` is what survives), and a test drops them
 * the same way, or holds them to see what is scheduled.
 */
export interface WorkflowTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const platformTimers: WorkflowTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface WorkflowDeps {
  /** The `flows` storage item (storage.session). */
  flows: StoredItem<Record<string, FlowState>>;
  vault: KeyStore;
  client: OctoPrintClient;
  now?: () => number;
  timers?: WorkflowTimers;
  /** Called whenever a flow changes (the popup listens through storage; tests may hook in). */
  onChange?: (flow: FlowView) => void;
}

export interface StartInput {
  serviceUrl: string;
  app: string;
  user?: string;
  basicAuth?: { user: string; password: string };
  /** Started by the print farm. */
  farm?: boolean;
  /** The server's appkeys probe was answered just now (the farm probes first): do not ask it again. */
  probed?: boolean;
}

/**
 * Drives OctoPrint's Application Keys workflow for any number of flows. State lives in
 * `storage.session`; timers are only a way to be woken, so a restarted worker calls `resume()`
 * and carries on. A flow never has two steps running at once.
 */
export function createOctoPrintWorkflow({ flows: flowsItem, vault, client, now = Date.now, timers: wakeups = platformTimers, onChange }: WorkflowDeps) {
  const exclusive = serial();
  const timers = new Map<string, unknown>();
  const running = new Set<string>();
  const bursts = new Map<string, number>();
  /** Flows to step again at once, even if a step was on the wire when the decision was made. */
  const pokes = new Set<string>();

  async function load(): Promise<Record<string, FlowState>> {
    return flowsItem.get();
  }

  /**
   * What this worker last wrote of each flow: a timer's run starts from it instead of parsing the
   * whole record again (nothing else writes a flow this worker is stepping; a new worker starts empty).
   */
  const known = new Map<string, FlowState>();
  // Steps are written in batches: a routine poll within COALESCE_MS, a change of phase at once.
  const writer = createFlowWriter(flowsItem, exclusive, (flow) => {
    known.set(flow.id, flow);
    onChange?.(toFlowView(flow));
  });

  function schedule(flow: FlowState): void {
    if (timers.has(flow.id)) wakeups.clear(timers.get(flow.id));
    timers.delete(flow.id);
    if (!ACTIVE_PHASES.has(flow.phase)) return;
    timers.set(flow.id, wakeups.set(() => void run(flow.id), Math.max(0, flow.nextAt - now())));
  }

  async function run(id: string): Promise<void> {
    if (running.has(id)) return;
    running.add(id);
    try {
      let flow = known.get(id) ?? (await load())[id];
      while (flow && ACTIVE_PHASES.has(flow.phase) && (flow.nextAt <= now() || pokes.delete(id))) {
        const next: FlowState =
          flow.phase === 'saving'
            ? await saveArrivedKey(flow, { vault, client, now })
            : await step(flow, { client, now: now(), clock: now, burstUntil: bursts.get(id) ?? 0 });
        // Only a poll that changed nothing but counters waits for others: a new phase (a key that
        // arrived, an ending) is written at once, and so is every step while a decision is expected.
        const urgent = next.phase !== flow.phase || now() < (bursts.get(id) ?? 0) || pokes.has(id);
        flow = await writer.save(next, urgent);
      }
      if (flow) schedule(flow);
    } finally {
      running.delete(id);
    }
  }

  async function find(id: string): Promise<FlowState> {
    const flow = (await load())[id];
    if (!flow) throw new KeyDeckError('not-found', t('flowGone'));
    return flow;
  }

  return {
    async start(input: StartInput): Promise<FlowView> {
      const service = normaliseServiceUrl(input.serviceUrl);
      if ('error' in service) throw new KeyDeckError('invalid-input', service.error);
      const app = input.app.trim();
      const problem = checkAppName(app);
      if (problem) throw new KeyDeckError('invalid-input', problem);
      const user = input.user?.trim() || undefined;
      const id = flowId(service.url, app, user);
      const existing = (await load())[id];
      if (existing && ACTIVE_PHASES.has(existing.phase)) return toFlowView(existing); // one flow, one request
      const flow: FlowState = {
        id,
        serviceUrl: service.url,
        app,
        ...(user ? { user } : {}),
        ...(input.basicAuth ? { basicAuth: input.basicAuth } : {}),
        ...(input.farm ? { farm: true as const } : {}),
        ...(input.probed ? { probed: true } : {}),
        phase: 'starting',
        createdAt: now(),
        nextAt: now(),
        failures: 0,
        rateLimits: 0,
        requests: 0,
        polls: 0,
        message: t('flowAsking', new URL(service.url).host),
      };
      await writer.save(flow, true);
      void run(id);
      return toFlowView(flow);
    },

    async cancel(id: string): Promise<FlowView> {
      const cancelled = end(await find(id), 'cancelled', t('flowEndCancelled'));
      await exclusive(async () => flowsItem.set({ ...(await load()), [id]: cancelled }));
      known.set(id, cancelled);
      schedule(cancelled);
      onChange?.(toFlowView(cancelled));
      return toFlowView(cancelled);
    },

    async list(): Promise<FlowView[]> {
      return Object.values(await load())
        .sort((a, b) => b.createdAt - a.createdAt)
        .map(toFlowView);
    },

    async dismiss(id: string): Promise<void> {
      await exclusive(async () => {
        const { [id]: gone, ...rest } = await load();
        if (gone && ACTIVE_PHASES.has(gone.phase)) throw new KeyDeckError('invalid-input', t('flowCancelFirst'));
        await flowsItem.set(rest);
        known.delete(id);
      });
    },

    /** Where to send the user to decide: the auth dialog OctoPrint offered (if on the server), else the server itself. */
    async decisionUrl(id: string): Promise<string> {
      const flow = await find(id);
      return onServer(flow.authDialog, flow.serviceUrl) ?? `${flow.serviceUrl}/`;
    },

    /** A decision was just made in a watched tab on this origin: poll its flows now, then fast. */
    async decided(origin: string): Promise<void> {
      const waiting = Object.values(await load()).filter((f) => f.phase === 'waiting' && new URL(f.serviceUrl).origin === origin);
      for (const flow of waiting) {
        bursts.set(flow.id, now() + BURST_MS);
        pokes.add(flow.id);
        void run(flow.id); // returns at once if a step is on the wire; the poke makes that run step again
      }
      writer.flushNow(); // a run waiting on a routine write goes on to its poke at once
    },

    /** At worker start, and on the safety-net alarm: pick every unfinished flow up again. */
    async resume(): Promise<number> {
      const active = Object.values(await load()).filter((f) => ACTIVE_PHASES.has(f.phase));
      for (const flow of active) if (!running.has(flow.id)) schedule(flow);
      return active.length;
    },

    /** Only for a flow whose key could not be saved: the key, for the user to copy or reveal and store. */
    async unsavedKey(id: string): Promise<string> {
      const flow = await find(id);
      if (flow.outcome !== 'vault' || !flow.apiKey) throw new KeyDeckError('not-found', t('flowNoUnsavedKey'));
      return flow.apiKey;
    },
  };
}

export type OctoPrintWorkflow = ReturnType<typeof createOctoPrintWorkflow>;
