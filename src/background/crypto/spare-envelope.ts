import { newEnvelope, type Envelope } from './seal';

/**
 * One envelope made ahead for the vault's public key (seal.ts), so the key a hand-over brings is
 * sealed with a single AES-GCM call when it arrives. Held in memory only, and taken at most once:
 * no two secrets ever share an ephemeral key.
 */
export function spareEnvelope(publicKey: () => Promise<CryptoKey>) {
  let spare: { for: CryptoKey; envelope: Promise<Envelope> } | undefined;
  return {
    /** Makes the spare, unless one for the current public key is waiting. */
    async fill(): Promise<void> {
      const key = await publicKey();
      if (spare?.for === key) return;
      spare = { for: key, envelope: newEnvelope(key) };
      await spare.envelope;
    },
    /** An envelope for `key`: the spare if it was made for that key (and then gone), else a new one. */
    take(key: CryptoKey): Promise<Envelope> {
      const ready = spare?.for === key ? spare.envelope : undefined;
      if (ready) spare = undefined;
      return ready ? ready.catch(() => newEnvelope(key)) : newEnvelope(key);
    },
  };
}
