import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { FlowState } from '../../src/providers/octoprint/flow-state';
import { COALESCE_MS, createFlowWriter } from '../../src/providers/octoprint/flow-writes';
import { serial } from '../../src/shared/serial';
import { createStore } from '../../src/storage';
import { createMemoryBackend } from '../support/memory-backend';

function flow(id: string, overrides: Partial<FlowState> = {}): FlowState {
  return { id, serviceUrl: `http://${id}.local`, app: 'FDM Monster', phase: 'waiting', createdAt: 1, nextAt: 2, failures: 0, rateLimits: 0, requests: 1, polls: 0, message: 'Waiting…', ...overrides };
}

function setup() {
  const backend = createMemoryBackend();
  const store = createStore(backend);
  let writes = 0;
  const item = { ...store.flows, set: (value: Record<string, FlowState>) => ((writes += 1), store.flows.set(value)) };
  const saved: string[] = [];
  const exclusive = serial();
  const writer = createFlowWriter(item, exclusive, (f) => saved.push(`${f.id}:${f.polls}`));
  return { writer, store, exclusive, saved, writes: () => writes, stored: () => (backend.raw('session')['octoprint.flows'] ?? {}) as Record<string, FlowState> };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('writing the flows item at 200 flows', () => {
  test('routine steps of many flows wait up to COALESCE_MS and go in one write; each save resolves once written', async () => {
    const w = setup();
    const done: string[] = [];
    for (let i = 0; i < 200; i++) void w.writer.save(flow(`f${i}`, { polls: 1 }), false).then((f) => done.push(f.id));
    await vi.advanceTimersByTimeAsync(COALESCE_MS - 1);
    expect([w.writes(), done.length]).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.writes()).toBe(1);
    expect(Object.keys(w.stored())).toHaveLength(200);
    expect(done).toHaveLength(200);
  });

  test('a later step of the same flow replaces the earlier one in the batch; both callers get what was stored', async () => {
    const w = setup();
    const first = w.writer.save(flow('a', { polls: 1 }), false);
    const second = w.writer.save(flow('a', { polls: 2 }), false);
    await vi.advanceTimersByTimeAsync(COALESCE_MS);
    expect((await first).polls).toBe(2);
    expect((await second).polls).toBe(2);
    expect(w.stored().a!.polls).toBe(2);
    expect(w.saved).toEqual(['a:2']);
  });

  test('an urgent step (a new phase: a key arrived) is written at once, taking the queued routine steps with it', async () => {
    const w = setup();
    void w.writer.save(flow('a', { polls: 3 }), false);
    const urgent = w.writer.save(flow('b', { phase: 'saving', apiKey: 'k'.repeat(43) }), true);
    await vi.advanceTimersByTimeAsync(0);
    await expect(urgent).resolves.toMatchObject({ phase: 'saving' });
    expect(w.writes()).toBe(1);
    expect(Object.keys(w.stored()).sort()).toEqual(['a', 'b']);
  });

  test('flushNow (a decision was made) writes what is queued at once', async () => {
    const w = setup();
    const routine = w.writer.save(flow('a', { polls: 4 }), false);
    w.writer.flushNow();
    await vi.advanceTimersByTimeAsync(0);
    await expect(routine).resolves.toMatchObject({ polls: 4 });
    expect(w.writes()).toBe(1);
    w.writer.flushNow(); // nothing queued: nothing written
    await vi.advanceTimersByTimeAsync(COALESCE_MS);
    expect(w.writes()).toBe(1);
  });

  test('a cancel stored while a step waited wins: the step is not written and its caller gets the cancelled flow', async () => {
    const w = setup();
    await w.store.flows.set({ a: flow('a', { phase: 'cancelled', outcome: 'cancelled' }) });
    const step = w.writer.save(flow('a', { polls: 9 }), false);
    await vi.advanceTimersByTimeAsync(COALESCE_MS);
    await expect(step).resolves.toMatchObject({ phase: 'cancelled' });
    expect(w.stored().a!.phase).toBe('cancelled');
    expect(w.saved).toEqual([]);
  });

  test('a write that fails fails every save of its batch', async () => {
    const backend = createMemoryBackend();
    const store = createStore(backend);
    const writer = createFlowWriter(store.flows, serial(), () => undefined);
    backend.failWrites('session');
    const a = writer.save(flow('a'), false);
    const b = writer.save(flow('b'), false);
    const settled = Promise.allSettled([a, b]);
    await vi.advanceTimersByTimeAsync(COALESCE_MS);
    expect((await settled).map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
