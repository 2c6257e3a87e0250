// Key and token generation, as octoprint.util.generate_api_key does it: app
// tokens, user tokens and keys all come from the same generator.
// 1.10.3+: secrets.token_urlsafe(32) -> 43 chars of [A-Za-z0-9_-];
// older: uuid4 hex, upper-case, 32 chars.
import { randomBytes } from 'node:crypto';
import type { KeyFormat } from './types';

export function generateKey(format: KeyFormat): string {
  if (format === 'hex32') return randomBytes(16).toString('hex').toUpperCase();
  return randomBytes(32).toString('base64url');
}

/** Opaque ids the simulator needs for itself (session ids, Flask session hashes). */
export function randomId(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function randomHex(bytes = 32): string {
  return randomBytes(bytes).toString('hex');
}
