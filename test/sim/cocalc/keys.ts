// Secret formats. Source: src/packages/server/api/manage.ts (createApiKey):
//   secret = `sk-${generate(16)}${encode62(id)}`   (random-key generate, base62/lib/ascii encode,
//            the row id padded to 6 characters so the server can find the row again)
//   trunc  = secret.slice(0, 3) + "..." + secret.slice(-6)
// Legacy account keys (legacyManageApiKey "regenerate"): `sk_${generate()}` (16 characters).
// remember_me values (src/packages/server/auth/remember-me.ts): the password-hash output
// "sha512$<salt>$1000$<hash>" with the hash replaced by a uuid v4 session id.
import { randomInt, randomUUID } from 'node:crypto';

/** random-key's default alphabet (npm random-key `generate`). */
const RANDOM_KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** base62/lib/ascii: digits, then lower case, then upper case. */
const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** password-hash generateSalt's set (typo "qurst" included). */
const SALT_CHARS = '0123456789abcdefghijklmnopqurstuvwxyzABCDEFGHIJKLMNOPQURSTUVWXYZ';

function randomFrom(chars: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += chars[randomInt(chars.length)];
  return out;
}

/** encode62: any 32-bit non-negative integer as 6 base-62 characters. */
export function encode62(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error('n must be an integer');
  let s = '';
  let rest = n;
  do {
    s = BASE62[rest % 62] + s;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return s.padStart(6, '0');
}

/** decode62 as base62/lib/ascii does it (unknown characters count as -1, like indexOf). */
export function decode62(s: string): number {
  let n = 0;
  for (const c of s) n = n * 62 + BASE62.indexOf(c);
  return n;
}

export function newSecret(id: number): string {
  return `sk-${randomFrom(RANDOM_KEY_CHARS, 16)}${encode62(id)}`;
}

export function truncOf(secret: string): string {
  return `${secret.slice(0, 3)}...${secret.slice(-6)}`;
}

export function legacySecret(): string {
  return `sk_${randomFrom(RANDOM_KEY_CHARS, 16)}`;
}

export function rememberMeValue(): string {
  return ['sha512', randomFrom(SALT_CHARS, 32), '1000', randomUUID()].join('$');
}

/** is_valid_uuid_string (src/packages/util/misc). */
export function isValidUuid(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export { randomUUID };
