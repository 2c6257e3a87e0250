/** What the popup is told of the passphrase lock. Nothing here is secret. */
export interface LockStatus {
  /** A passphrase is set. */
  enabled: boolean;
  /** Enabled and not unlocked: secrets cannot be read until the passphrase is given. */
  locked: boolean;
  autoLockMinutes: number;
  /** After repeated wrong passphrases: how long until the next try is accepted (0 when it is now). */
  retryInMs: number;
  /** Offer to set a passphrase: the vault holds a key, no passphrase is set, and the user did not say "Not now". */
  offer: boolean;
}

/** The shortest passphrase KeyDeck accepts: the PBKDF2 cost is no help to a short one. */
export const MIN_PASSPHRASE_LENGTH = 10;
