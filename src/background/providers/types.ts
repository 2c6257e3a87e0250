import type { Credential, Verification } from '../../shared/credential';

/**
 * What the background can do for one provider beyond storing keys. The handlers look a backend up
 * by the credential's provider id, so adding a provider adds a backend here and touches no handler,
 * no popup code and no vault code.
 */
export interface ProviderBackend {
  id: string;
  /** Is the key still good, and for whom? */
  verify?(credential: Credential): Promise<{ verification: Verification; user?: string }>;
  /** Revoke on the server and confirm the key no longer works; `others` may hold an admin's key. */
  revoke?(credential: Credential, others: readonly Credential[]): Promise<void>;
}
