import { t } from './i18n';
import * as v from 'valibot';
import { boundedId, CAP, cappedText } from './caps';
import { KeyDeckError } from './errors';

/**
 * Everything a vault entry holds (DESIGN.md, "The credential"). Secrets live only under `secrets`.
 * Every string is bounded (shared/caps.ts), so no entry can fill the storage quota: text a person
 * reads is cut, identifiers and secrets are refused. The vault checks each entry it writes.
 */
const Secret = v.optional(boundedId(CAP.secret));
export const SecretsSchema = v.object({
  apiKey: Secret,
  connectionUrl: v.optional(boundedId(CAP.url)),
  basicUser: Secret,
  basicPassword: Secret,
  bearerToken: Secret,
  appToken: Secret,
});

const MAX_WARNINGS = 20;
const MAX_DETAILS = 32;

export const VerificationSchema = v.object({
  at: v.number(),
  ok: v.boolean(),
  summary: cappedText(CAP.text),
  warnings: v.pipe(v.array(cappedText(CAP.text)), v.transform((warnings) => warnings.slice(0, MAX_WARNINGS))),
  /** What the server reported of itself, e.g. OctoPrint's version. */
  serverVersion: v.optional(cappedText(CAP.name)),
});

export type Verification = v.InferOutput<typeof VerificationSchema>;

export const CredentialSchema = v.object({
  id: boundedId(CAP.name),
  provider: boundedId(CAP.name),
  /** Base URL of the service, any reverse-proxy path prefix included. */
  serviceUrl: boundedId(CAP.url),
  /** OctoPrint revokes by app name: an identifier, never cut. */
  app: boundedId(CAP.name),
  /** Shown, and only a hint for revoking (which checks the key it finds): cut when too long. */
  user: v.optional(cappedText(CAP.name)),
  secrets: SecretsSchema,
  source: v.picklist(['manual', 'workflow', 'finish-page', 'account-api']),
  createdAt: v.number(),
  expiresAt: v.optional(v.number()),
  verification: v.optional(VerificationSchema),
  /** What the server needs to revoke this key (for example a key id), when it is not the key itself. */
  remoteId: v.optional(boundedId(CAP.name)),
  /** Non-secret details shown with the entry (printer name, printer id, local IP…). */
  details: v.optional(
    v.pipe(
      v.record(boundedId(CAP.name), cappedText(CAP.url)),
      v.check((details) => Object.keys(details).length <= MAX_DETAILS, `has more than ${MAX_DETAILS} details`),
    ),
  ),
  /** Where a finish page handed this over: a hash of its URL, so the same page never stores twice. */
  capturedFrom: v.optional(boundedId(CAP.name)),
});

export type Credential = v.InferOutput<typeof CredentialSchema>;

/** The entry as it may be stored: long text cut; an oversized identifier or secret refused with a message. */
export function boundedCredential(credential: Credential): Credential {
  const parsed = v.safeParse(CredentialSchema, credential);
  if (parsed.success) return parsed.output;
  const issue = parsed.issues[0];
  const field = issue.path?.map((item) => String(item.key)).join('.') ?? 'entry';
  throw new KeyDeckError('invalid-input', t('errEntryNotStorable', field, issue.message));
}
export type Secrets = v.InferOutput<typeof SecretsSchema>;
export const SECRET_FIELDS = Object.keys(SecretsSchema.entries) as (keyof Secrets)[];

/**
 * A vault entry as anyone may read it, locked or not: the credential without its secrets, plus what
 * may be known of them without the key — which fields are held, the API key's last 4 characters (as
 * shown), and a 64-bit tag of it (background/fingerprint.ts) so a duplicate is refused while locked.
 */
export const EntryFieldsSchema = v.object({
  ...v.omit(CredentialSchema, ['secrets']).entries,
  secretFields: v.pipe(v.array(v.picklist(SECRET_FIELDS)), v.maxLength(SECRET_FIELDS.length)),
  keyTail: v.optional(v.pipe(v.string(), v.maxLength(4))),
  keyTag: v.optional(v.pipe(v.string(), v.maxLength(32))),
});
export type VaultEntry = v.InferOutput<typeof EntryFieldsSchema>;

/** What the popup is shown: the entry without anything sealed. */
export interface CredentialView extends Omit<VaultEntry, 'keyTag'> {
  /** The key with all but its last 4 characters hidden (short: it shares a 380 px row with the app's name); '' when the entry holds no key. */
  maskedKey: string;
}

export function maskKey(key: string | undefined): string {
  if (!key) return '';
  return '••••' + key.slice(-4);
}

/** Without what the stored entry seals (or, mid-migration from v1, still holds in the clear). */
export function toView(entry: VaultEntry & { sealed?: unknown; unsealed?: unknown }): CredentialView {
  const { keyTag: _tag, sealed: _sealed, unsealed: _unsealed, ...fields } = entry;
  return { ...fields, maskedKey: maskKey(entry.keyTail) };
}

/** The entry's API key; an entry without one (a portal connection) cannot be used as a key. */
export function apiKeyOf(credential: Credential): string {
  const key = credential.secrets.apiKey;
  if (!key) throw new KeyDeckError('not-found', t('errNoApiKey'));
  return key;
}
