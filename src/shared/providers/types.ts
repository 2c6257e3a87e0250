/**
 * What the shared code (popup, vault) knows of a provider. Adding a provider means adding one file
 * beside this one and listing it in ./index.ts; the popup and the vault read only this description.
 */
export interface ProviderInfo {
  id: string;
  label: string;
  /** A short hint on what the key looks like, shown under the key field. */
  keyHint: string;
  /** Where manual entry is offered: returns a user-facing message for a key of the wrong shape. */
  checkKey(key: string): string | null;
  /** KeyDeck looks for this provider's pages on the servers it holds keys for (OctoPrint's UI). */
  detectsOnServer?: boolean;
  /** The background can check a key of this provider against its server. */
  verifies?: boolean;
  /** The background can revoke a key of this provider on its server. */
  revokes?: boolean;
}
