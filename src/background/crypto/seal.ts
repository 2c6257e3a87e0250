import * as v from 'valibot';
import { BoxSchema, decrypt, encrypt } from './aead';
import { fromBase64, toBase64, utf8 } from './bytes';

/**
 * A sealed envelope (ECIES): anyone with the public key can seal, only the private key opens.
 * That is what lets a key arrive while KeyDeck is locked: the public key is stored in the clear,
 * the private key only wrapped. ECDH P-256 with a fresh ephemeral key per envelope → HKDF-SHA-256 →
 * AES-GCM-256 with a random IV, the record's `context` bound as additional data.
 */
export const SealedSchema = v.object({ epk: v.pipe(v.string(), v.maxLength(120)), ...BoxSchema.entries });
export type Sealed = v.InferOutput<typeof SealedSchema>;

const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;
const INFO = utf8('keydeck-seal-v1');

export async function newKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(P256, true, ['deriveBits']);
}

export async function exportPublicKey(key: CryptoKey): Promise<string> {
  return toBase64(await crypto.subtle.exportKey('raw', key));
}

export async function importPublicKey(raw: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', fromBase64(raw), P256, true, []);
}

/** The private key as PKCS #8 bytes: only ever encrypted at rest, or in storage.session while unlocked. */
export async function exportPrivateKey(key: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.exportKey('pkcs8', key));
}

export async function importPrivateKey(pkcs8: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('pkcs8', pkcs8, P256, true, ['deriveBits']);
}

async function envelopeKey(privateKey: CryptoKey, publicKey: CryptoKey, epk: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
  const material = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: epk, info: INFO }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/**
 * An envelope's key made ahead of its secret: a fresh ephemeral key pair, ECDH with the recipient's
 * public key and HKDF, so sealing is then one AES-GCM call (the costly part moves off the moment a
 * key arrives). The ephemeral private key is dropped here; seal with an envelope exactly once.
 */
export interface Envelope {
  readonly epk: string;
  readonly key: CryptoKey;
}

export async function newEnvelope(publicKey: CryptoKey): Promise<Envelope> {
  const ephemeral = await newKeyPair();
  const epk = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  return { epk: toBase64(epk), key: await envelopeKey(ephemeral.privateKey, publicKey, epk) };
}

export async function sealWith(envelope: Envelope, plaintext: Uint8Array<ArrayBuffer>, context: string): Promise<Sealed> {
  return { epk: envelope.epk, ...(await encrypt(envelope.key, plaintext, context)) };
}

/** Throws when the private key is not the one sealed to, or the envelope or its context changed. */
export async function unseal(privateKey: CryptoKey, sealed: Sealed, context: string): Promise<Uint8Array<ArrayBuffer>> {
  const epk = fromBase64(sealed.epk);
  const ephemeralPublic = await crypto.subtle.importKey('raw', epk, P256, false, []);
  return decrypt(await envelopeKey(privateKey, ephemeralPublic, epk), sealed, context);
}
