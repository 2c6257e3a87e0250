import { describe, expect, test, vi } from 'vitest';
import { createFarmService } from '../../src/background/farm/farm-service';
import { flowId } from '../../src/providers/octoprint/flow-state';
import type { FlowView } from '../../src/shared/flow';
import { createStore } from '../../src/storage';
import { createMemoryBackend } from '../support/memory-backend';
import { deferred } from './support/render';

const URL = 'http://10.0.0.21';
const APP = 'FDM Monster';

/** The farm service over real storage (in memory), a probe that finds OctoPrint, and a workflow whose start the test holds. */
function setup() {
  const backend = createMemoryBackend();
  const store = createStore(backend);
  const held = deferred<FlowView>();
  const workflow = {
    start: vi.fn(() => held.promise),
    cancel: vi.fn(async (id: string) => ({ id }) as unknown as FlowView),
    list: vi.fn(async () => [] as FlowView[]),
  };
  const farm = createFarmService({
    item: store.farm,
    workflow,
    probe: async () => ({ finding: 'ok', message: 'OctoPrint with Application Keys.' }),
    savedKeys: async () => [],
    provider: 'octoprint',
  });
  return { farm, workflow, held, backend };
}

describe('the farm service', () => {
  test('Cancel all while a server’s key request is being started: that request is cancelled as it lands, and the row says cancelled', async () => {
    const { farm, workflow, held, backend } = setup();
    await farm.start({ app: APP, servers: [{ url: URL }] });
    await vi.waitFor(() => expect(workflow.start).toHaveBeenCalledWith({ serviceUrl: URL, app: APP, farm: true, probed: true }));
    expect(await farm.cancelAll()).toBe(1);
    held.resolve({ id: flowId(URL, APP) } as FlowView);
    await vi.waitFor(() => expect(workflow.cancel).toHaveBeenCalledWith(flowId(URL, APP)));
    await vi.waitFor(async () => expect((await farm.status())!.rows[0]).toMatchObject({ state: 'cancelled' }));
    // Nothing was recorded as found for it: a retry asks it again.
    const stored = backend.raw('local').farm as { servers: { probe?: unknown; cancelled?: boolean }[] };
    expect(stored.servers[0]).toEqual({ url: URL, cancelled: true });
  });

  test('a new farm replaces the old one while a request is being started: only the new servers are listed, and the late start is cancelled', async () => {
    const { farm, workflow, held } = setup();
    await farm.start({ app: APP, servers: [{ url: URL }] });
    await vi.waitFor(() => expect(workflow.start).toHaveBeenCalledTimes(1));
    await farm.start({ app: 'OctoFarm', servers: [{ url: 'http://10.0.0.22' }] });
    await vi.waitFor(() => expect(workflow.start).toHaveBeenCalledWith({ serviceUrl: 'http://10.0.0.22', app: 'OctoFarm', farm: true, probed: true }));
    const view = (await farm.status())!;
    expect(view.app).toBe('OctoFarm');
    expect(view.rows.map((row) => row.url)).toEqual(['http://10.0.0.22']);
    held.resolve({} as FlowView);
    await vi.waitFor(() => expect(workflow.cancel).toHaveBeenCalledWith(flowId(URL, APP)));
    expect(workflow.cancel).toHaveBeenCalledTimes(1);
  });

  test('start refuses a bad app name and an empty list, and drops duplicate URLs', async () => {
    const { farm } = setup();
    await expect(farm.start({ app: 'X', servers: [{ url: URL }] })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(farm.start({ app: APP, servers: [] })).rejects.toMatchObject({ message: 'Add at least one server.' });
    const view = await farm.start({ app: APP, servers: [{ url: `${URL}/` }, { url: URL, name: 'again' }] });
    expect(view.rows.map((row) => row.url)).toEqual([URL]);
  });
});
