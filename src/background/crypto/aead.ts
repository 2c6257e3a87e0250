import * as v from 'valibot';
import { fromBase64, toBase64 } from './bytes';

/** AES-GCM ciphertext as stored: a fresh random 96-bit IV for every encryption, never reused. */
export const BoxSchema = v.object({ iv: v.pipe(v.string(), v.maxLength(32)), data: v.pipe(v.string(), v.maxLength(200_000)) });
export type Box = v.InferOutput<typeof BoxSchema>;

/** `context` is bound to the ciphertext (AES-GCM additional data): a box moved to another record fails to open. */
export async function encrypt(key: CryptoKey, plaintext: Uint8Array<ArrayBuffer>, context: string): Promise<Box> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) }, key, plaintext);
  return { iv: toBase64(iv), data: toBase64(data) };
}

/** Throws (an OperationError) when the key is wrong, the box was altered or `context` differs. */
export async function decrypt(key: CryptoKey, box: Box, context: string): Promise<Uint8Array<ArrayBuffer>> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(box.iv), additionalData: new TextEncoder().encode(context) },
    key,
    fromBase64(box.data),
  );
  return new Uint8Array(plain);
}
