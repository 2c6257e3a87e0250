import * as v from 'valibot';
import { FLOW_OUTCOMES, FLOW_PHASES, type FlowView } from '../../shared/flow';

export { ACTIVE_PHASES } from '../../shared/flow';

/**
 * One OctoPrint key request, as persisted in `storage.session` after every step, so a worker that
 * is stopped mid-flow picks it up where it was. The app token (inside `pollUrl`) and a key that has
 * arrived but is not (or could not be) in the vault live only here, never in the popup's view: the
 * popup gets an unsaved key only when the user asks (Reveal, or Copy through the clipboard).
 */
export const FlowStateSchema = v.object({
  id: v.string(),
  serviceUrl: v.string(),
  app: v.string(),
  user: v.optional(v.string()),
  basicAuth: v.optional(v.object({ user: v.string(), password: v.string() })),
  /** Started by the print farm (background/farm/). */
  farm: v.optional(v.literal(true)),
  /** The caller probed the server just before starting (the farm): the first request skips its own probe. */
  probed: v.optional(v.boolean()),
  phase: v.picklist(FLOW_PHASES),
  createdAt: v.number(),
  /** OctoPrint drops a request 10 minutes after it was made. */
  expiresAt: v.optional(v.number()),
  pollUrl: v.optional(v.string()),
  /** When OctoPrint last answered for this request (made it, or "awaiting decision"): its 5 s timer restarted by then. */
  lastAnsweredAt: v.optional(v.number()),
  authDialog: v.optional(v.string()),
  nextAt: v.number(),
  failures: v.number(),
  rateLimits: v.number(),
  requests: v.number(),
  polls: v.number(),
  apiKey: v.optional(v.string()),
  credentialId: v.optional(v.string()),
  /** What the popup says now: progress while active, the result when ended. */
  message: v.string(),
  outcome: v.optional(v.picklist(FLOW_OUTCOMES)),
});

export type FlowState = v.InferOutput<typeof FlowStateSchema>;

export function toFlowView(flow: FlowState): FlowView {
  const { id, serviceUrl, app, user, phase, createdAt, expiresAt, message, outcome, credentialId } = flow;
  return {
    id,
    provider: 'octoprint',
    serviceUrl,
    app,
    ...(user ? { user } : {}),
    phase,
    createdAt,
    ...(expiresAt ? { expiresAt } : {}),
    ...(phase === 'rate-limited' ? { retryAt: flow.nextAt } : {}),
    message,
    ...(outcome ? { outcome } : {}),
    ...(credentialId ? { credentialId } : {}),
    canOpen: Boolean(flow.authDialog) || phase === 'waiting',
    ...(outcome === 'vault' && flow.apiKey ? { unsavedKey: true } : {}),
    ...(flow.farm ? { farm: true } : {}),
  };
}

/** The same app on the same server for the same user is one flow: a second "Get key" joins it. */
export function flowId(serviceUrl: string, app: string, user?: string): string {
  return `octoprint|${serviceUrl}|${app.toLowerCase()}|${user ?? ''}`;
}
