import * as v from 'valibot';
import { fromBase64, toBase64, utf8 } from './bytes';

/**
 * Keys from a passphrase: PBKDF2-HMAC-SHA-256, 600,000 iterations (OWASP's 2023 figure for it), a
 * random 16-byte salt. WebCrypto has it in both browsers with no extra code; Argon2id would need WASM.
 * The parameters are stored with what they protect, so a later KeyDeck can raise them.
 */
export const PBKDF2_ITERATIONS = 600_000;

export const KdfSchema = v.object({
  name: v.literal('PBKDF2-SHA-256'),
  iterations: v.pipe(v.number(), v.integer(), v.minValue(100_000), v.maxValue(10_000_000)),
  salt: v.pipe(v.string(), v.maxLength(64)),
});
export type Kdf = v.InferOutput<typeof KdfSchema>;

export function newKdf(): Kdf {
  return { name: 'PBKDF2-SHA-256', iterations: PBKDF2_ITERATIONS, salt: toBase64(crypto.getRandomValues(new Uint8Array(16))) };
}

/** A non-extractable AES-GCM-256 key: it can encrypt and decrypt, never be read back. */
export async function passphraseKey(passphrase: string, kdf: Kdf): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', utf8(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(kdf.salt), iterations: kdf.iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}
