/** A key request KeyDeck is running (OctoPrint's Application Keys workflow), as the popup sees it. */
export const FLOW_PHASES = ['starting', 'rate-limited', 'waiting', 'saving', 'done', 'failed', 'cancelled'] as const;
export type FlowPhase = (typeof FLOW_PHASES)[number];
export const ACTIVE_PHASES: ReadonlySet<FlowPhase> = new Set(['starting', 'rate-limited', 'waiting', 'saving']);

export const FLOW_OUTCOMES = [
  'saved',
  'unsupported',
  'not-set-up',
  'basic-auth',
  'rate-limited',
  'denied-or-expired',
  /** OctoPrint dropped it because KeyDeck was not running to poll for over 5 s (worker stopped, computer asleep). */
  'lapsed',
  'expired',
  'unreachable',
  /** The secure connection to an https server failed (the browser refused its certificate, or TLS failed; the message says which): accept it in a tab, then try again. */
  'certificate',
  'server-error',
  'vault',
  'cancelled',
] as const;
export type FlowOutcome = (typeof FLOW_OUTCOMES)[number];

export interface FlowView {
  id: string;
  /** The provider whose key is requested (for manual entry when the request cannot be made). */
  provider: string;
  serviceUrl: string;
  app: string;
  user?: string;
  phase: FlowPhase;
  createdAt: number;
  /** OctoPrint drops the request at this time. */
  expiresAt?: number;
  /** Rate-limited: KeyDeck asks again at this time. */
  retryAt?: number;
  /** Progress while active, the result once ended. */
  message: string;
  outcome?: FlowOutcome;
  credentialId?: string;
  /** There is a page where the user can decide (the auth dialog, or the server). */
  canOpen: boolean;
  /** The key arrived but could not be saved: the background holds it for Copy and Reveal until the card is dismissed. */
  unsavedKey?: true;
  /** Started by the print farm: the popup shows these as one line that opens the farm view. */
  farm?: true;
}
