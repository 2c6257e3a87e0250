import { t } from '../../shared/i18n';
import { KeyDeckError } from '../../shared/errors';
import { RETRYABLE_ROW_STATES, type Farm, type FarmServer, type FarmView } from '../../shared/farm';
import { MAX_FARM_SERVERS } from '../../shared/farm-input';
import { deriveRow, type SavedKey } from '../../shared/farm-rows';
import { ACTIVE_PHASES, type FlowView } from '../../shared/flow';
import { serial } from '../../shared/serial';
import { checkAppName, normaliseServiceUrl } from '../../shared/validation';
import type { StoredItem } from '../../storage';
import { flowId } from '../../providers/octoprint/flow-state';
import type { OctoPrintWorkflow } from '../../providers/octoprint/workflow';
import { cachedFarm, createProbeRecorder } from './farm-writes';
import type { ProbeResult } from './probe';

/** Servers probed (and their key requests started) at once: a farm of 200 is not 200 sockets at once. */
export const FARM_CONCURRENCY = 8;

export interface FarmDeps {
  item: StoredItem<Farm | null>;
  workflow: Pick<OctoPrintWorkflow, 'start' | 'cancel' | 'list'>;
  probe(url: string): Promise<ProbeResult>;
  /** The vault's saved keys (readable fields only: works while locked). */
  savedKeys(): Promise<(SavedKey & { provider: string; serviceUrl: string; app: string })[]>;
  /** The provider whose keys the farm gets (the workflow's). */
  provider: string;
  now?: () => number;
  concurrency?: number;
}

export interface FarmStartInput {
  app: string;
  servers: { url: string; name?: string; group?: string }[];
}

/**
 * The print farm: one key request (an OctoPrint flow) per server, started after a probe, a few
 * servers at a time. The farm's list lives in storage; servers not yet probed are picked up again
 * by whichever worker runs next (`resume`, and every `status`). Probe results of a replaced farm,
 * or of a server cancelled meanwhile, are dropped.
 */
export function createFarmService({ item, workflow, probe, savedKeys, provider, now = Date.now, concurrency = FARM_CONCURRENCY }: FarmDeps) {
  const exclusive = serial();
  /** Servers being probed by this worker now. */
  const probing = new Set<string>();
  const farmItem = cachedFarm(item);
  const recorder = createProbeRecorder(farmItem, now);

  /** Starts whatever may start now; a storage failure here is met again by the next call that reads. */
  const kick = () => void pump().catch(() => undefined);

  async function pump(): Promise<void> {
    const farm = await farmItem.get();
    if (!farm) return;
    for (const server of farm.servers) {
      if (probing.size >= concurrency) return;
      if (server.probe || server.cancelled || probing.has(server.url)) continue;
      probing.add(server.url);
      void probeAndStart(farm, server.url).catch(() => undefined);
    }
  }

  /** The server's turn is still on: same farm, not cancelled, nothing found for it yet. */
  async function wanted(farm: Farm, url: string): Promise<boolean> {
    const current = await farmItem.get();
    const server = current?.createdAt === farm.createdAt ? current.servers.find((s) => s.url === url) : undefined;
    return Boolean(server && !server.cancelled && !server.probe);
  }

  async function probeAndStart(farm: Farm, url: string): Promise<void> {
    try {
      let result = await probe(url);
      if (!(await wanted(farm, url))) return;
      if (result.finding === 'ok') {
        // Not one at a time: many starts share the workflow's batched writes.
        const started = await workflow.start({ serviceUrl: url, app: farm.app, farm: true, probed: true }).then(
          () => true,
          (error: unknown) => ((result = { finding: 'error', message: error instanceof KeyDeckError ? error.message : t('farmRequestNotStarted') }), false),
        );
        // Cancel all (or a new farm) came while it started: that request is cancelled too.
        if (!(await wanted(farm, url))) {
          if (started) await workflow.cancel(flowId(url, farm.app)).catch(() => undefined);
          return;
        }
      }
      // Still "probing" until written (a row never looks queued again in between).
      await recorder.record(farm.createdAt, url, result);
    } finally {
      probing.delete(url);
      kick();
    }
  }

  /** Changes some servers of the farm that was created at `createdAt` (not of one that replaced it). */
  function patch(createdAt: number, urls: readonly string[], change: (server: FarmServer) => FarmServer): Promise<unknown> {
    const which = new Set(urls);
    return farmItem.update((farm) => (farm?.createdAt === createdAt ? { ...farm, servers: farm.servers.map((s) => (which.has(s.url) ? change(s) : s)) } : farm));
  }

  async function flowsOf(farm: Farm): Promise<Map<string, FlowView>> {
    const ids = new Set(farm.servers.map((s) => flowId(s.url, farm.app)));
    return new Map((await workflow.list()).filter((f) => ids.has(f.id)).map((f) => [f.id, f]));
  }

  async function view(farm: Farm): Promise<FarmView> {
    const flows = await flowsOf(farm);
    const keys = (await savedKeys()).filter((key) => key.provider === provider);
    const byId = new Map(keys.map((key) => [key.id, key]));
    // A key added by hand (a server without the plugin) belongs to its row by server and app.
    const byServer = new Map(keys.map((key) => [`${key.serviceUrl}|${key.app.toLowerCase()}`, key]));
    const rows = farm.servers.map((server) => {
      const flow = flows.get(flowId(server.url, farm.app));
      const saved = flow?.credentialId ? byId.get(flow.credentialId) : byServer.get(`${server.url}|${farm.app.toLowerCase()}`);
      return deriveRow(server, flow, saved, probing.has(server.url));
    });
    return { app: farm.app, createdAt: farm.createdAt, rows };
  }

  /** Clears what the probe found (and a cancel), so the server's turn comes again. */
  async function again(urls: readonly string[]): Promise<void> {
    const farm = await farmItem.get();
    if (!farm || urls.length === 0) return;
    await patch(farm.createdAt, urls, ({ probe: _found, cancelled: _cancelled, ...rest }) => rest);
  }

  return {
    /** The provider whose keys the farm gets. */
    provider,

    /** A new farm. It replaces the previous one, whose key requests go on as ordinary requests (one being started just then is cancelled). */
    async start(input: FarmStartInput): Promise<FarmView> {
      const app = input.app.trim();
      const problem = checkAppName(app);
      if (problem) throw new KeyDeckError('invalid-input', problem);
      if (input.servers.length === 0) throw new KeyDeckError('invalid-input', t('farmAddServer'));
      if (input.servers.length > MAX_FARM_SERVERS) throw new KeyDeckError('invalid-input', t('farmTooMany', String(MAX_FARM_SERVERS)));
      const servers = new Map<string, FarmServer>();
      for (const { url, name, group } of input.servers) {
        const normal = normaliseServiceUrl(url);
        if ('error' in normal) throw new KeyDeckError('invalid-input', `${url}: ${normal.error}`);
        if (!servers.has(normal.url)) servers.set(normal.url, { url: normal.url, ...(name ? { name } : {}), ...(group ? { group } : {}) });
      }
      const farm = await exclusive(() =>
        farmItem.update((old) => ({ app, createdAt: Math.max(now(), (old?.createdAt ?? 0) + 1), servers: [...servers.values()] })),
      );
      kick();
      return view(farm!);
    },

    async status(): Promise<FarmView | null> {
      kick(); // a worker that was stopped mid-probe carries on when the view asks
      const farm = await farmItem.get();
      return farm ? view(farm) : null;
    },

    async retry(url: string): Promise<void> {
      await exclusive(async () => {
        const farm = await farmItem.get();
        if (!farm?.servers.some((s) => s.url === url)) throw new KeyDeckError('not-found', t('farmServerGone'));
        const flow = (await flowsOf(farm)).get(flowId(url, farm.app));
        if (flow && ACTIVE_PHASES.has(flow.phase)) return; // still asking: nothing to retry
        await again([url]);
      });
      kick();
    },

    /** Every row that ended without a key and that asking again can fix. */
    async retryFailed(): Promise<number> {
      const count = await exclusive(async () => {
        const farm = await farmItem.get();
        if (!farm) return 0;
        const failed = (await view(farm)).rows.filter((row) => RETRYABLE_ROW_STATES.has(row.state)).map((row) => row.url);
        await again(failed);
        return failed.length;
      });
      kick();
      return count;
    },

    /** Servers not asked yet are not asked; requests under way are cancelled (OctoPrint forgets them within 5 s). */
    async cancelAll(): Promise<number> {
      return exclusive(async () => {
        const farm = await farmItem.get();
        if (!farm) return 0;
        const untouched = farm.servers.filter((s) => !s.probe && !s.cancelled).map((s) => s.url);
        await patch(farm.createdAt, untouched, (s) => ({ ...s, cancelled: true }));
        const active = [...(await flowsOf(farm)).values()].filter((f) => ACTIVE_PHASES.has(f.phase));
        for (const flow of active) await workflow.cancel(flow.id);
        return untouched.length + active.length;
      });
    },

    /** At worker start: probe the servers whose turn had not come (or whose probe a stopped worker lost). */
    resume: () => pump(),
  };
}

export type FarmService = ReturnType<typeof createFarmService>;
