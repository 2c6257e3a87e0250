import { t } from './i18n';
import type { Verification } from './credential';
import { ACTIVE_ROW_STATES, SUCCESS_ROW_STATES, type FarmRow, type FarmRowState, type FarmServer, type ProbeFinding } from './farm';
import type { FlowOutcome, FlowView } from './flow';

/** What the row needs of a saved key: its check (the vault's readable fields). */
export interface SavedKey {
  id: string;
  user?: string;
  verification?: Verification;
}

const PROBE_STATES: Record<Exclude<ProbeFinding, 'ok'>, FarmRowState> = {
  unreachable: 'unreachable',
  certificate: 'unreachable',
  'not-octoprint': 'not-octoprint',
  'no-plugin': 'no-plugin',
  'not-set-up': 'not-set-up',
  'basic-auth': 'basic-auth',
  error: 'failed',
};

const OUTCOME_STATES: Record<FlowOutcome, FarmRowState> = {
  saved: 'allowed',
  unsupported: 'no-plugin',
  'not-set-up': 'not-set-up',
  'basic-auth': 'basic-auth',
  'rate-limited': 'failed',
  'denied-or-expired': 'denied',
  lapsed: 'denied',
  expired: 'denied',
  unreachable: 'unreachable',
  certificate: 'unreachable',
  'server-error': 'failed',
  vault: 'failed',
  cancelled: 'cancelled',
};

/**
 * One row of the farm view, from the server as the farm holds it, its key request (if one was
 * started), and the key it saved (if any). Pure: the background derives every row the same way.
 */
export function deriveRow(server: FarmServer, flow: FlowView | undefined, saved: SavedKey | undefined, probing: boolean): FarmRow {
  const base = { url: server.url, ...(server.name ? { name: server.name } : {}), ...(server.group ? { group: server.group } : {}), canOpen: false };
  if (probing) return { ...base, state: 'probing', message: t('farmRowChecking') };
  if (server.cancelled && !server.probe) return { ...base, state: 'cancelled', message: t('farmRowCancelled') };
  if (!server.probe) return { ...base, state: 'queued', message: t('farmRowQueued') };
  // Without the plugin the user adds the key by hand (manual entry): once it is in the vault, the row says so.
  if (server.probe.finding === 'no-plugin' && saved) return savedRow(base, saved, server.probe.message);
  if (server.probe.finding !== 'ok') return { ...base, state: PROBE_STATES[server.probe.finding], message: server.probe.message };
  if (!flow) return { ...base, state: 'starting', message: t('farmRowAsking') };

  const withFlow = { ...base, flowId: flow.id, message: flow.message };
  switch (flow.phase) {
    case 'starting':
      return { ...withFlow, state: 'starting' };
    case 'waiting':
      return { ...withFlow, state: 'waiting', canOpen: flow.canOpen, ...(flow.expiresAt !== undefined ? { expiresAt: flow.expiresAt } : {}) };
    case 'rate-limited':
      return { ...withFlow, state: 'rate-limited', ...(flow.retryAt !== undefined ? { retryAt: flow.retryAt } : {}) };
    case 'saving':
      return { ...withFlow, state: 'allowed' };
    case 'cancelled':
      return { ...withFlow, state: 'cancelled' };
    default:
      break;
  }
  const state = OUTCOME_STATES[flow.outcome ?? 'server-error'];
  if (state === 'no-plugin' && saved) return savedRow(withFlow, saved, flow.message);
  if (state !== 'allowed') return { ...withFlow, state };
  // Saved: the flow's save verified the key; the vault holds what that check found.
  if (!saved) return { ...withFlow, state: 'allowed' };
  return savedRow(withFlow, saved, flow.message);
}

/** A row whose key is in the vault: "verified" when its check passed, with the user and the warnings. */
function savedRow(base: Omit<FarmRow, 'state' | 'message'>, saved: SavedKey, message: string): FarmRow {
  const check = saved.verification;
  return {
    ...base,
    state: check?.ok ? 'verified' : 'allowed',
    credentialId: saved.id,
    ...(saved.user ? { user: saved.user } : {}),
    message: check ? check.summary : message,
    ...(check ? { warnings: check.warnings } : {}),
  };
}

/** How far the farm is: rows that ended (any way) out of all, and how many hold a key. */
export function farmProgress(rows: readonly FarmRow[]): { ended: number; withKey: number; total: number } {
  let ended = 0;
  let withKey = 0;
  for (const row of rows) {
    if (!ACTIVE_ROW_STATES.has(row.state)) ended++;
    if (SUCCESS_ROW_STATES.has(row.state)) withKey++;
  }
  return { ended, withKey, total: rows.length };
}
