/** Providers whose keys are made through an account API (not a prompt), and a key as the popup lists it. */
export const ACCOUNT_PROVIDERS = ['cocalc', 'conduce'] as const;
export type AccountProvider = (typeof ACCOUNT_PROVIDERS)[number];

export interface AccountKeyView {
  /** The key's name or description on the server. */
  label: string;
  /** A shortened or masked form: never the secret. */
  shown: string;
  project?: string;
  expiresAt?: number;
  expired: boolean;
  /** KeyDeck holds this key (its vault entry id). */
  held: boolean;
  credentialId?: string;
  /** KeyDeck holds it, but the server no longer lists it. */
  goneOnServer: boolean;
}
