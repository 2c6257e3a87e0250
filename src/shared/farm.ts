import * as v from 'valibot';
import { boundedId, CAP, cappedText } from './caps';

/**
 * A print farm: one app name, and the OctoPrint servers to ask for a key for it. The background
 * owns it (storage item `farm`, storage.local: nothing secret — URLs, names, groups and what each
 * server's probe found); each server's key request is an ordinary OctoPrint flow (storage.session),
 * so a closed farm view loses nothing and the background keeps polling.
 */
export const PROBE_FINDINGS = ['ok', 'unreachable', 'certificate', 'not-octoprint', 'no-plugin', 'not-set-up', 'basic-auth', 'error'] as const;
export type ProbeFinding = (typeof PROBE_FINDINGS)[number];

export const FarmServerSchema = v.object({
  url: boundedId(CAP.url),
  name: v.optional(cappedText(CAP.name)),
  group: v.optional(cappedText(CAP.name)),
  /** What the probe found; absent while the server waits for its turn. */
  probe: v.optional(v.object({ finding: v.picklist(PROBE_FINDINGS), message: cappedText(CAP.text), at: v.number() })),
  /** Cancel all reached it before its turn: it is not probed until retried. */
  cancelled: v.optional(v.literal(true)),
});
export type FarmServer = v.InferOutput<typeof FarmServerSchema>;

export const FarmSchema = v.object({
  app: boundedId(CAP.name),
  createdAt: v.number(),
  servers: v.array(FarmServerSchema),
});
export type Farm = v.InferOutput<typeof FarmSchema>;

/** What a row of the farm view says: the probe's finding, then the key request's state. */
export const ROW_STATES = [
  'queued',
  'probing',
  'unreachable',
  'not-octoprint',
  'no-plugin',
  'not-set-up',
  'basic-auth',
  'starting',
  'waiting',
  'rate-limited',
  'allowed',
  'verified',
  'denied',
  'failed',
  'cancelled',
] as const;
export type FarmRowState = (typeof ROW_STATES)[number];

export interface FarmRow {
  url: string;
  name?: string;
  group?: string;
  state: FarmRowState;
  /** What happened, in words (the probe's or the key request's message, or the verification's summary). */
  message: string;
  /** The key request behind the row (for Open). */
  flowId?: string;
  /** Waiting: OctoPrint drops the request at this time. */
  expiresAt?: number;
  /** Rate-limited: KeyDeck asks again at this time. */
  retryAt?: number;
  /** There is a page where the user can click Allow. */
  canOpen: boolean;
  /** The stored key, once saved. */
  credentialId?: string;
  /** The saved key's check: user, warnings a farm manager cares about (groups, CORS, global key). */
  user?: string;
  warnings?: string[];
}

export interface FarmView {
  app: string;
  createdAt: number;
  rows: FarmRow[];
}

/** Rows still moving: they count as not done for the progress bar. */
export const ACTIVE_ROW_STATES: ReadonlySet<FarmRowState> = new Set(['queued', 'probing', 'starting', 'waiting', 'rate-limited']);
/** Rows that ended with a key. */
export const SUCCESS_ROW_STATES: ReadonlySet<FarmRowState> = new Set(['allowed', 'verified']);
/**
 * Rows "Retry all failed" starts again. Not "no-plugin" and "basic-auth": asking again cannot help
 * until the user acts (a key by hand; the proxy's password, which the farm does not ask for).
 */
export const RETRYABLE_ROW_STATES: ReadonlySet<FarmRowState> = new Set(['unreachable', 'not-octoprint', 'not-set-up', 'denied', 'failed', 'cancelled']);
