import { describe, expect, test } from 'vitest';
import type { OctoPrintClient } from '../../src/providers/octoprint/client';
import type { FlowState } from '../../src/providers/octoprint/flow-state';
import { NetworkError } from '../../src/providers/http';
import { POLL_WINDOW_MS, step } from '../../src/providers/octoprint/flow-step';

// How a 404 on a poll is told apart: a request that lapsed while KeyDeck was not running (no poll
// for longer than OctoPrint's 5 s window) from one that was denied (or timed out) while it polled.
const T = 1_700_000_000_000;
const gone = { poll: async () => ({ state: 'gone' }) } as unknown as OctoPrintClient;

function waiting(fields: Partial<FlowState> = {}): FlowState {
  return {
    id: 'octoprint|http://octopi.local|cura|',
    serviceUrl: 'http://octopi.local',
    app: 'Cura',
    phase: 'waiting',
    createdAt: T - 60_000,
    expiresAt: T + 9 * 60_000,
    pollUrl: 'http://octopi.local/plugin/appkeys/request/TOKEN',
    nextAt: T,
    failures: 0,
    rateLimits: 0,
    requests: 1,
    polls: 10,
    message: 'Waiting…',
    ...fields,
  };
}

const poll = (flow: FlowState) => step(flow, { client: gone, now: T, clock: () => T, burstUntil: 0 });

describe('a poll answered 404 ("no such request")', () => {
  test('no answer for over 5 s before it, nothing failing: "lapsed", saying the browser had stopped KeyDeck, with the seconds', async () => {
    const ended = await poll(waiting({ lastAnsweredAt: T - 12_000 }));
    expect(ended).toMatchObject({ phase: 'failed', outcome: 'lapsed' });
    expect(ended.message).toMatch(/^The request lapsed while the browser had stopped KeyDeck/);
    expect(ended.message).toContain('for 12 seconds');
    expect(ended.message).not.toMatch(/denied/);
  });

  test.each([
    ['the last answer 1 s before (KeyDeck was polling)', { lastAnsweredAt: T - 1_000 }],
    ['exactly 5 s before (still inside OctoPrint’s window)', { lastAnsweredAt: T - POLL_WINDOW_MS }],
    ['12 s before, but polls were failing (the server, not KeyDeck, was away)', { lastAnsweredAt: T - 12_000, failures: 3 }],
    ['no answer time recorded (a flow stored by an older KeyDeck)', {}],
  ])('%s: "denied-or-expired"', async (_, fields) => {
    const ended = await poll(waiting(fields));
    expect(ended).toMatchObject({ phase: 'failed', outcome: 'denied-or-expired' });
    expect(ended.message).toMatch(/denied, or it timed out/);
  });

  test('a 202 records when OctoPrint answered (its 5 s timer restarted by then)', async () => {
    const client = { poll: async () => ({ state: 'waiting' }) } as unknown as OctoPrintClient;
    const next = await step(waiting({ lastAnsweredAt: T - 1_000 }), { client, now: T, clock: () => T + 30, burstUntil: 0 });
    expect(next).toMatchObject({ phase: 'waiting', lastAnsweredAt: T + 30, polls: 11 });
  });
});

describe('a secure connection that fails (an untrusted certificate)', () => {
  const untrusted = new NetworkError('certificate', 'octopi.local’s HTTPS certificate is not trusted by this browser (net::ERR_CERT_AUTHORITY_INVALID).');
  const failing = { probe: async () => Promise.reject(untrusted), poll: async () => Promise.reject(untrusted) } as unknown as OctoPrintClient;
  const starting = waiting({ phase: 'starting', serviceUrl: 'https://octopi.local', pollUrl: undefined, expiresAt: undefined, requests: 0, polls: 0 });

  test('ends the request at once, saying so, and not "check the address": asking again cannot help until the user accepts it', async () => {
    const ended = await step(starting, { client: failing, now: T, clock: () => T, burstUntil: 0 });
    expect(ended).toMatchObject({ phase: 'failed', outcome: 'certificate', message: untrusted.message });
    expect(ended.message).not.toMatch(/check the address/i);
  });

  test('while OctoPrint waits for Allow, it is retried like other network trouble (the request lives on the server)', async () => {
    const next = await step(waiting({ serviceUrl: 'https://octopi.local' }), { client: failing, now: T, clock: () => T, burstUntil: 0 });
    expect(next).toMatchObject({ phase: 'waiting', failures: 1 });
    expect(next.message).toBe(`${untrusted.message} Retrying…`);
  });

  test('an ordinary network failure at the start is still retried, then says to check the address', async () => {
    const refused = { probe: async () => Promise.reject(new NetworkError('unreachable', 'Could not reach octopi.local.')) } as unknown as OctoPrintClient;
    let flow = starting;
    for (let i = 0; i < 3 && flow.phase === 'starting'; i++) flow = await step(flow, { client: refused, now: T, clock: () => T, burstUntil: 0 });
    expect(flow).toMatchObject({ phase: 'failed', outcome: 'unreachable' });
    expect(flow.message).toBe('Could not reach octopi.local. Check the address and that the server is on, then try again.');
  });
});

describe('a flow whose caller has just probed the server (the farm)', () => {
  const starting = waiting({ phase: 'starting', pollUrl: undefined, expiresAt: undefined, requests: 0, polls: 0 });
  const asked: string[] = [];
  const client = {
    probe: async () => void asked.push('probe'),
    request: async () => (asked.push('request'), { pollUrl: 'http://octopi.local/plugin/appkeys/request/T2' }),
  } as unknown as OctoPrintClient;

  test('asks for the key without probing again, and the waiting flow no longer carries the flag', async () => {
    asked.length = 0;
    const next = await step({ ...starting, probed: true }, { client, now: T, clock: () => T, burstUntil: 0 });
    expect(asked).toEqual(['request']);
    expect(next).toMatchObject({ phase: 'waiting', requests: 1 });
    expect(next.probed).toBeUndefined();
  });

  test('a start that failed on the network probes on its next attempt', async () => {
    asked.length = 0;
    const flaky = { ...client, request: async () => Promise.reject(new NetworkError('unreachable', 'Could not reach octopi.local.')) } as unknown as OctoPrintClient;
    const retrying = await step({ ...starting, probed: true }, { client: flaky, now: T, clock: () => T, burstUntil: 0 });
    expect(retrying).toMatchObject({ phase: 'starting', failures: 1 });
    expect(retrying.probed).toBeUndefined();
    await step(retrying, { client, now: T, clock: () => T, burstUntil: 0 });
    expect(asked).toEqual(['probe', 'request']);
  });

  test('without the flag, the flow probes first (the popup’s Get key)', async () => {
    asked.length = 0;
    await step(starting, { client, now: T, clock: () => T, burstUntil: 0 });
    expect(asked).toEqual(['probe', 'request']);
  });
});
