/** A SHA-256 hex digest: lets KeyDeck recognise a secret (or a URL carrying one) without keeping it. */
export async function fingerprint(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A 64-bit tag of an API key, stored in the clear so a duplicate is recognised while locked. Keys are
 * random and 128 bits or more: 64 bits of a hash narrow down nothing a guesser could use.
 */
export async function keyTag(apiKey: string): Promise<string> {
  return (await fingerprint(`keydeck-key-tag\n${apiKey}`)).slice(0, 16);
}
