import { t } from './i18n';
/** Failures travel between contexts as data ({code, message}) and are re-thrown at the sender. */
export type ErrorCode =
  | 'bad-message' // malformed or unknown message
  | 'forbidden' // the sender may not ask for this
  | 'not-found'
  | 'invalid-input'
  | 'vault-corrupt'
  | 'vault-newer'
  | 'clipboard'
  | 'no-tab'
  | 'unsupported' // the provider cannot do this
  | 'unreachable' // the server could not be reached
  | 'server-error' // the server answered with an error or something unreadable
  | 'revoke-failed' // the server still accepts a key KeyDeck tried to revoke
  | 'locked' // the passphrase lock is on and locked: unlock, then try again
  | 'wrong-passphrase'
  | 'slow-down' // too many wrong passphrases: the message says when to try again
  | 'plain-http' // a key would go over plain http outside the private network, unconfirmed
  | 'storage-full' // the browser refused a write: KeyDeck's storage quota is used up
  | 'internal';

export class KeyDeckError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KeyDeckError';
  }
}

export interface ErrorData {
  code: ErrorCode;
  message: string;
}

export function toErrorData(error: unknown): ErrorData {
  if (error instanceof KeyDeckError) return { code: error.code, message: error.message };
  // Unexpected errors keep their message out of the reply: it may quote data we hold.
  return { code: 'internal', message: t('errUnexpected') };
}

/** The server refused the key or session (as opposed to being unreachable or broken). */
export function isRefused(error: unknown): boolean {
  return error instanceof KeyDeckError && error.code === 'forbidden';
}
