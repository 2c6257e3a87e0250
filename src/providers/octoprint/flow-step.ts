import { t } from '../../shared/i18n';
import { NetworkError } from '../http';
import { OctoPrintFailure, type OctoPrintClient, type OctoPrintError } from './client';
import type { FlowOutcome } from '../../shared/flow';
import type { FlowState } from './flow-state';

export const POLL_INTERVAL_MS = 1_000;
export const REQUEST_LIFETIME_MS = 10 * 60_000;
/** After a decision in a watched tab: poll this often for a short while, so the key lands at once. */
export const BURST_INTERVAL_MS = 40;
/** OctoPrint's limits (3/minute, 5/10 minutes, 10/hour; no Retry-After): wait out each in turn. */
export const RATE_LIMIT_WAITS_MS = [60_000, 10 * 60_000, 60 * 60_000];
const START_ATTEMPTS = 3;
/** Network trouble while waiting: back off, but never past OctoPrint's 5 s no-poll window. */
const MAX_POLL_BACKOFF_MS = 4_000;
/** OctoPrint drops a pending request that nobody polls for this long (a timer each poll restarts). */
export const POLL_WINDOW_MS = 5_000;

export interface StepContext {
  client: OctoPrintClient;
  /** When the step began (before anything was sent). */
  now: number;
  /** The time now, read again once OctoPrint has answered. */
  clock: () => number;
  /** Poll fast until this time (a decision was just made in a watched tab). */
  burstUntil: number;
}

const host = (url: string) => new URL(url).host;

/** One step of a flow: at most one network request, and the state that follows. Never throws. */
export async function step(flow: FlowState, ctx: StepContext): Promise<FlowState> {
  try {
    if (flow.phase === 'starting' || flow.phase === 'rate-limited') return await startRequest(flow, ctx);
    if (flow.phase === 'waiting') return await pollOnce(flow, ctx);
    return flow;
  } catch (error) {
    return onError(flow, ctx, error);
  }
}

async function startRequest({ probed, ...flow }: FlowState, { client, now, clock }: StepContext): Promise<FlowState> {
  const server = { url: flow.serviceUrl, ...(flow.basicAuth ? { basicAuth: flow.basicAuth } : {}) };
  // A probe the caller just made is not repeated (the request's own 403/404 say the same); a retry
  // (rate limit, network trouble) probes again, as the flag is gone from every state that follows.
  if (!probed) await client.probe(server);
  const requested = { ...flow, requests: flow.requests + 1 };
  try {
    const { pollUrl, authDialog } = await client.request(server, flow.app, flow.user);
    return {
      ...requested,
      phase: 'waiting',
      pollUrl,
      ...(authDialog ? { authDialog } : {}),
      expiresAt: now + REQUEST_LIFETIME_MS,
      lastAnsweredAt: clock(),
      nextAt: now + POLL_INTERVAL_MS,
      failures: 0,
      message: t('flowWaitingAllow', host(flow.serviceUrl)),
    };
  } catch (error) {
    throw Object.assign(error as object, { flow: requested });
  }
}

async function pollOnce(flow: FlowState, { client, now, clock, burstUntil }: StepContext): Promise<FlowState> {
  if (flow.expiresAt !== undefined && now >= flow.expiresAt)
    return flow.failures > 0
      ? end(flow, 'unreachable', t('flowEndUnreachableExpired', host(flow.serviceUrl)))
      : end(flow, 'expired', t('flowEndExpired'));
  const server = { url: flow.serviceUrl, ...(flow.basicAuth ? { basicAuth: flow.basicAuth } : {}) };
  const result = await client.poll(server, flow.pollUrl!);
  const polled = { ...flow, polls: flow.polls + 1, failures: 0 };
  if (result.state === 'approved') return { ...polled, phase: 'saving', apiKey: result.apiKey, nextAt: now, message: t('flowAllowedSaving') };
  if (result.state === 'gone') return gone(flow, polled, now);
  const interval = now < burstUntil ? BURST_INTERVAL_MS : POLL_INTERVAL_MS;
  return { ...polled, lastAnsweredAt: clock(), nextAt: now + interval, message: t('flowWaitingAllow', host(flow.serviceUrl)) };
}

/**
 * OctoPrint's 404 does not say why. If KeyDeck, with nothing failing, had not asked for longer than
 * OctoPrint's 5 s window before this poll, it was not running (the browser stopped the worker, or the
 * computer slept) and OctoPrint dropped the request for that: say so, not "denied". The gap is
 * measured from the last answer to this poll's sending, so it never overstates OctoPrint's.
 */
function gone(flow: FlowState, polled: FlowState, now: number): FlowState {
  const gap = flow.lastAnsweredAt === undefined ? 0 : now - flow.lastAnsweredAt;
  if (flow.failures === 0 && gap > POLL_WINDOW_MS)
    return end(
      polled,
      'lapsed',
      t('flowEndLapsed', String(Math.round(gap / 1000))),
    );
  return end(
    polled,
    'denied-or-expired',
    t('flowEndDeniedOrExpired'),
  );
}

function onError(flow: FlowState, { now }: StepContext, error: unknown): FlowState {
  const at = (error as { flow?: FlowState }).flow ?? flow;
  const where = host(flow.serviceUrl);
  if (error instanceof OctoPrintFailure) return onServerAnswer(at, now, error.failure, where);
  if (!(error instanceof NetworkError)) return end(at, 'server-error', t('flowEndUnexpectedError', where));

  // Asking again cannot help until the user has accepted the certificate in a tab: say so at once.
  if (error.kind === 'certificate' && at.phase !== 'waiting') return end(at, 'certificate', error.message);
  const failures = at.failures + 1;
  if (at.phase === 'waiting') {
    if (at.expiresAt !== undefined && now >= at.expiresAt)
      return end(at, 'unreachable', t('flowEndUnreachableWaiting', error.message));
    const wait = Math.min(POLL_INTERVAL_MS * 2 ** (failures - 1), MAX_POLL_BACKOFF_MS);
    return { ...at, failures, nextAt: now + wait, message: t('flowRetrying', error.message) };
  }
  if (failures >= START_ATTEMPTS) return end(at, 'unreachable', t('flowEndUnreachable', error.message));
  return { ...at, failures, nextAt: now + POLL_INTERVAL_MS * 2 ** (failures - 1), message: t('flowRetrying', error.message) };
}

function onServerAnswer(flow: FlowState, now: number, failure: OctoPrintError, where: string): FlowState {
  switch (failure.kind) {
    case 'unsupported':
      return end(flow, 'unsupported', t('flowEndUnsupported', where));
    case 'not-set-up':
      return end(flow, 'not-set-up', t('flowEndNotSetUp', where));
    case 'basic-auth':
      return end(flow, 'basic-auth', t('flowEndBasicAuth', where));
    case 'rate-limited': {
      const wait = RATE_LIMIT_WAITS_MS[flow.rateLimits];
      if (wait === undefined)
        return end(flow, 'rate-limited', t('flowEndRateLimited', where));
      const retryAt = new Date(now + wait).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      return {
        ...flow,
        phase: 'rate-limited',
        rateLimits: flow.rateLimits + 1,
        nextAt: now + wait,
        message: t('flowRateLimited', retryAt),
      };
    }
    default: {
      const detail = failure.kind === 'unexpected' ? ` (HTTP ${failure.status}${failure.detail ? `: ${failure.detail}` : ''})` : '';
      if (flow.phase === 'waiting' && (failure.kind !== 'unexpected' || failure.status >= 500)) {
        // A 500 or a garbled answer while waiting is worth retrying, within the request's lifetime.
        const failures = flow.failures + 1;
        if (flow.expiresAt !== undefined && now >= flow.expiresAt)
          return end(flow, 'server-error', t('flowEndKeptFailing', where, detail));
        return { ...flow, failures, nextAt: now + Math.min(POLL_INTERVAL_MS * 2 ** (failures - 1), MAX_POLL_BACKOFF_MS), message: t('flowServerProblem', where, detail) };
      }
      return end(flow, 'server-error', t('flowEndUnexpected', where, detail));
    }
  }
}

/**
 * A flow that ends keeps neither the key nor the proxy's password in storage.session. Nothing reads
 * the password from an ended flow: Try again starts a new flow from what the popup sends (after a
 * basic-auth failure the user enters it anew), and a saved key's entry holds it in the vault. The
 * 'vault' ending puts the key back itself, for Copy and Reveal.
 */
export function end(flow: FlowState, outcome: FlowOutcome, message: string): FlowState {
  const { apiKey: _key, basicAuth: _password, ...rest } = flow;
  return { ...rest, phase: outcome === 'saved' ? 'done' : outcome === 'cancelled' ? 'cancelled' : 'failed', outcome, message, nextAt: Number.MAX_SAFE_INTEGER };
}
