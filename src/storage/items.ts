import { t } from '../shared/i18n';
import * as v from 'valibot';
import { CaptureResultSchema, WatchedTabSchema } from '../shared/capture';
import { SealedSchema } from '../background/crypto/seal';
import { KdfSchema } from '../background/crypto/passphrase-key';
import { BoxSchema } from '../background/crypto/aead';
import { EntryFieldsSchema, SecretsSchema, SECRET_FIELDS } from '../shared/credential';
import { CONTENT_DETECTED } from '../shared/detection';
import { KeyDeckError } from '../shared/errors';
import { RequestSchemas } from '../shared/messages';
import { DEFAULT_SETTINGS, SettingsSchema } from '../shared/settings';
import { FlowStateSchema } from '../providers/octoprint/flow-state';
import { RotationSchema } from '../shared/rotation';
import { FarmSchema } from '../shared/farm';
import { defineItem } from './item';
import { countVaultIndex, decodeVaultIndex, encodeVaultIndex } from './vault-index';

/**
 * Every item KeyDeck stores, in one place: its area, key, schema, default, version and migrations.
 * Nothing else in src/ touches `browser.storage` (test/unit/architecture.test.ts checks it).
 * Secrets live only in `vault` (local) and, for the moments a key is in flight, in `flows` (session).
 */

export const VAULT_VERSION = 2;

/**
 * A stored entry: its readable fields and its secrets sealed to the keyring's public key (so a key
 * can be stored while locked). `unsealed` exists only between the v1 → v2 migration, which cannot
 * encrypt (migrations are synchronous), and the vault's first read, which seals and rewrites at once.
 */
export const StoredEntrySchema = v.pipe(
  v.object({ ...EntryFieldsSchema.entries, sealed: v.optional(SealedSchema), unsealed: v.optional(SecretsSchema) }),
  v.check((entry) => (entry.sealed === undefined) !== (entry.unsealed === undefined), 'must hold its secrets sealed'),
);
export type StoredEntry = v.InferOutput<typeof StoredEntrySchema>;

/** v1 held `secrets` in the clear; v2 moves them to `unsealed` until the vault seals them. */
function vaultV1toV2(data: unknown): unknown {
  const { credentials } = data as { credentials?: unknown };
  if (!Array.isArray(credentials)) return data; // the schema then says it is damaged
  return {
    schemaVersion: 2,
    credentials: credentials.map((entry: { secrets?: Record<string, unknown> } & Record<string, unknown>) => {
      const { secrets = {}, ...rest } = entry;
      const held = SECRET_FIELDS.filter((field) => typeof secrets[field] === 'string' && secrets[field] !== '');
      const apiKey = typeof secrets.apiKey === 'string' ? secrets.apiKey : undefined;
      return { ...rest, secretFields: held, ...(apiKey ? { keyTail: apiKey.slice(-4) } : {}), unsealed: secrets };
    }),
  };
}

/**
 * The vault's readable fields, for the popup's first paint (vault-index.ts): written with every
 * vault write, in the same call. null when absent (a vault written before it existed: the background
 * fills it at install and update) or not readable: the popup then reads the vault itself.
 */
export const vaultIndex = defineItem({
  area: 'local',
  key: 'vaultIndex',
  schema: v.pipe(
    v.string(),
    v.transform(decodeVaultIndex),
    v.check((entries) => entries !== null),
  ),
  fallback: null,
});

/** The index's entry count, its entries left undecoded: a view of the same stored key, only read (never written). */
export const vaultIndexCount = defineItem({
  area: 'local',
  key: vaultIndex.key,
  schema: v.pipe(
    v.string(),
    v.transform(countVaultIndex),
    v.check((count) => count !== null),
  ),
  fallback: null,
});

const vaultNewer = () => new KeyDeckError('vault-newer', t('errVaultNewer'));

/**
 * Entries just received (a finish page's hand-over), sealed exactly like the vault's own, waiting to
 * be folded into the vault: writing a small item is what lets a captured key land in a few ms when
 * the vault is large. Part of the vault for every reader (background/vault.ts, and the popup through
 * storage/vault-inbox.ts); emptied by every vault write, in the same call (the vault's companion
 * below), because every vault write holds the inbox's entries.
 */
export const vaultInbox = defineItem({
  area: 'local',
  key: 'vaultInbox',
  schema: v.object({ schemaVersion: v.number(), credentials: v.array(StoredEntrySchema) }),
  fallback: { schemaVersion: VAULT_VERSION, credentials: [] },
  damaged: () => new KeyDeckError('vault-corrupt', t('errInboxDamaged')),
  version: { current: VAULT_VERSION, migrations: {}, newer: vaultNewer },
});

export const vault = defineItem({
  area: 'local',
  key: 'vault',
  companions: [
    { key: vaultIndex.key, derive: (data) => encodeVaultIndex(data.credentials) },
    { key: vaultInbox.key, derive: () => vaultInbox.fallback },
  ],
  schema: v.object({ schemaVersion: v.number(), credentials: v.array(StoredEntrySchema) }),
  fallback: { schemaVersion: VAULT_VERSION, credentials: [] },
  damaged: () =>
    new KeyDeckError('vault-corrupt', t('errVaultDamaged')),
  version: {
    current: VAULT_VERSION,
    migrations: { 1: vaultV1toV2 },
    newer: vaultNewer,
  },
});

/**
 * The vault's key pair. The public key seals every secret; the private key is stored only encrypted:
 * with the device key (background/crypto/device-key.ts) when no passphrase is set, else with a key
 * derived from the passphrase. Changing the passphrase rewrites this one item in one write, so a
 * crash leaves the old or the new state, never a mix. Damaged: never replaced (the keys depend on it).
 */
export const keyring = defineItem({
  area: 'local',
  key: 'keyring',
  schema: v.nullable(
    v.object({
      version: v.literal(1),
      publicKey: v.pipe(v.string(), v.maxLength(120)),
      privateKey: BoxSchema,
      wrappedBy: v.variant('by', [v.object({ by: v.literal('device') }), v.object({ by: v.literal('passphrase'), kdf: KdfSchema })]),
    }),
  ),
  fallback: null,
  damaged: () => new KeyDeckError('vault-corrupt', t('errKeyringDamaged')),
});

/** While unlocked: the vault's private key (PKCS #8, base64), in memory-only session storage, and when a secret was last used. */
export const unlocked = defineItem({
  area: 'session',
  key: 'lock.unlocked',
  schema: v.nullable(v.object({ privateKey: v.pipe(v.string(), v.maxLength(400)), lastUsed: v.number() })),
  fallback: null,
});

/** Wrong passphrases in a row, and when the last one was given (kept across restarts, so a restart does not reset the wait). */
export const lockFailures = defineItem({
  area: 'local',
  key: 'lock.failures',
  schema: v.object({ count: v.pipe(v.number(), v.integer(), v.minValue(0)), at: v.number() }),
  fallback: { count: 0, at: 0 },
});

/** The user said "Not now" to setting a passphrase. */
export const lockOfferDismissed = defineItem({ area: 'local', key: 'lock.offerDismissed', schema: v.boolean(), fallback: false });

/** Preferences: a damaged or missing field falls back to its default. */
export const settings = defineItem({
  area: 'local',
  key: 'settings',
  schema: v.pipe(
    v.partial(SettingsSchema),
    v.transform((stored) => ({ ...DEFAULT_SETTINGS, ...stored })),
  ),
  fallback: DEFAULT_SETTINGS,
});

/** OctoPrint key requests, by flow id: persisted after every step so a stopped worker resumes them. */
export const flows = defineItem({ area: 'session', key: 'octoprint.flows', schema: v.record(v.string(), FlowStateSchema), fallback: {} });

/** Key rotations (background/rotation/), by the old key's id: persisted after every step so a stopped worker carries on. */
export const rotations = defineItem({ area: 'session', key: 'keys.rotations', schema: v.record(v.string(), RotationSchema), fallback: {} });
/**
 * The print farm: its app and servers, and what each server's probe found (nothing secret; each
 * server's key request is a flow above). Local, so the list outlives a browser restart.
 */
export const farm = defineItem({ area: 'local', key: 'farm', schema: v.nullable(FarmSchema), fallback: null });

/** Tabs KeyDeck opened to receive a hand-over, by tab id. */
export const captureTabs = defineItem({ area: 'session', key: 'capture.tabs', schema: v.record(v.string(), WatchedTabSchema), fallback: {} });

/** The latest finish-page results, newest first, for the popup to report. */
export const captureResults = defineItem({ area: 'session', key: 'capture.results', schema: v.array(CaptureResultSchema), fallback: [] });

/**
 * A key a finish page handed over that could not be saved (storage full), by capture result id: kept
 * for the popup's Copy and Reveal until that result is dismissed (as an OctoPrint flow keeps its own).
 */
export const captureUnsaved = defineItem({ area: 'session', key: 'capture.unsaved', schema: v.record(v.string(), v.string()), fallback: {} });

/** A copied key waiting to be cleared from the clipboard: only a hash of it, and when. */
export const clipboardPending = defineItem({
  area: 'session',
  key: 'clipboardPending',
  schema: v.nullable(v.object({ fingerprint: v.string(), due: v.number() })),
  fallback: null,
});

/**
 * When a KeyDeck page was last open, to count keys that arrived since (the toolbar badge,
 * background/arrival-badge.ts), and whether the badge shows them now. Local: a restart keeps it.
 */
export const arrivals = defineItem({
  area: 'local',
  key: 'arrivals',
  schema: v.object({ seenAt: v.nullable(v.number()), shown: v.boolean() }),
  fallback: { seenAt: null, shown: false },
});

/** What the content script found in a tab (one item per tab). */
export const tabDetection = (tabId: number) =>
  defineItem({ area: 'session', key: `tab:${tabId}`, schema: v.nullable(RequestSchemas[CONTENT_DETECTED]), fallback: null });
