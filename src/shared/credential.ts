import * as v from 'valibot';
import { KeyDeckError } from './errors';

/** Everything a vault entry holds (DESIGN.md, "The credential"). Secrets live only under `secrets`. */
export const SecretsSchema = v.object({
  apiKey: v.optional(v.string()),
  connectionUrl: v.optional(v.string()),
  basicUser: v.optional(v.string()),
  basicPassword: v.optional(v.string()),
  bearerToken: v.optional(v.string()),
  appToken: v.optional(v.string()),
});

export const VerificationSchema = v.object({
  at: v.number(),
  ok: v.boolean(),
  summary: v.string(),
  warnings: v.array(v.string()),
  /** What the server reported of itself, e.g. OctoPrint's version. */
  serverVersion: v.optional(v.string()),
});

export type Verification = v.InferOutput<typeof VerificationSchema>;

export const CredentialSchema = v.object({
  id: v.string(),
  provider: v.string(),
  /** Base URL of the service, any reverse-proxy path prefix included. */
  serviceUrl: v.string(),
  app: v.string(),
  user: v.optional(v.string()),
  secrets: SecretsSchema,
  source: v.picklist(['manual', 'workflow', 'finish-page', 'account-api']),
  createdAt: v.number(),
  expiresAt: v.optional(v.number()),
  verification: v.optional(VerificationSchema),
  /** What the server needs to revoke this key (for example a key id), when it is not the key itself. */
  remoteId: v.optional(v.string()),
  /** Non-secret details shown with the entry (printer name, printer id, local IP…). */
  details: v.optional(v.record(v.string(), v.string())),
  /** Where a finish page handed this over: a hash of its URL, so the same page never stores twice. */
  capturedFrom: v.optional(v.string()),
});

export type Credential = v.InferOutput<typeof CredentialSchema>;
export type Secrets = v.InferOutput<typeof SecretsSchema>;

/** What the popup is shown: the credential without its secrets. */
export interface CredentialView extends Omit<Credential, 'secrets'> {
  /** The key with all but its last 4 characters hidden; '' when the entry holds no key. */
  maskedKey: string;
}

export function maskKey(key: string | undefined): string {
  if (!key) return '';
  return '•'.repeat(8) + key.slice(-4);
}

export function toView({ secrets, ...rest }: Credential): CredentialView {
  return { ...rest, maskedKey: maskKey(secrets.apiKey) };
}

/** The entry's API key; an entry without one (a portal connection) cannot be used as a key. */
export function apiKeyOf(credential: Credential): string {
  const key = credential.secrets.apiKey;
  if (!key) throw new KeyDeckError('not-found', 'This entry holds no API key.');
  return key;
}
