import * as v from 'valibot';
import type { AccountKeyView } from '../providers/types';
import { MAX_BACKUP_CHARS, MAX_PASSPHRASE } from './backup-format';
import type { CaptureResult } from './capture';
import type { CredentialView } from './credential';
import { EXPORT_FORMATS, type ExportFile } from './farm-export';
import { t } from './i18n';
import type { Rotation } from './rotation';
import { CONTENT_DECISION, CONTENT_DETECTED, OCTOPRINT_PAGES, type Detection } from './detection';
import type { FarmView } from './farm';
import type { FlowView } from './flow';
import type { LockStatus } from './lock';
import type { ErrorData } from './errors';
import { SettingsSchema, type Settings } from './settings';

/**
 * The whole message protocol: one schema per request, parsed where it enters the background, and the
 * type of each answer. `from` says who may send it; the background checks the sender against it.
 */
const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const TabId = v.pipe(v.number(), v.integer(), v.minValue(0));
const Passphrase = Text(1024);
/** The user confirmed sending a key over plain http to a host outside the private network (shared/private-network.ts). */
const AllowPlainHttp = v.optional(v.boolean());
/** The keys one farm message acts on: at most a farm of a few hundred printers, with room to spare. */
/** The secrets of an entry the popup may put on the clipboard one by one. */
export const COPYABLE_FIELDS = ['apiKey', 'connectionUrl', 'basicUser', 'basicPassword'] as const;
export type CopyableField = (typeof COPYABLE_FIELDS)[number];
const FarmKeys = v.pipe(v.array(Id), v.minLength(1), v.maxLength(1000));

export const RequestSchemas = {
  'vault.list': v.object({}),
  'vault.add': v.object({
    provider: Text(40),
    serviceUrl: Text(2048),
    app: Text(200),
    user: v.optional(Text(200)),
    apiKey: Text(4096),
    allowPlainHttp: AllowPlainHttp,
  }),
  'vault.remove': v.object({ id: Id }),
  'vault.reveal': v.object({ id: Id }),
  /** `field`: which stored secret to copy (an OctoEverywhere connection holds several); the API key when absent. */
  'vault.copy': v.object({ id: Id, field: v.optional(v.picklist(COPYABLE_FIELDS)) }),
  /** A new app name for a stored key (checked like any app name: OctoPrint revokes by it). */
  'vault.rename': v.object({ id: Id, app: Text(200) }),
  'settings.get': v.object({}),
  'settings.update': v.partial(SettingsSchema),
  'tab.detect': v.object({ tabId: TabId }),
  'flow.start': v.object({
    serviceUrl: Text(2048),
    app: Text(200),
    user: v.optional(Text(200)),
    basicAuth: v.optional(v.object({ user: Text(200), password: Text(500) })),
    allowPlainHttp: AllowPlainHttp,
  }),
  'flow.list': v.object({}),
  'flow.cancel': v.object({ id: Text(3000) }),
  'flow.dismiss': v.object({ id: Text(3000) }),
  'flow.open': v.object({ id: Text(3000) }),
  /** A key that arrived but could not be saved: shown (Reveal) or copied, so the user can store it. */
  'flow.revealUnsavedKey': v.object({ id: Text(3000) }),
  'flow.copyUnsavedKey': v.object({ id: Text(3000) }),
  'portal.start': v.object({ app: Text(200), printerId: v.optional(Text(200)) }),
  'cocalc.legacyStart': v.object({}),
  'capture.list': v.object({}),
  'capture.dismiss': v.object({ id: Id }),
  'capture.offer': v.object({ tabId: TabId }),
  'capture.confirm': v.object({ tabId: TabId }),
  /** A handed-over key that could not be saved: shown (Reveal) or copied, so the user can store it. */
  'capture.revealUnsavedKey': v.object({ id: Id }),
  'capture.copyUnsavedKey': v.object({ id: Id }),
  /** `email`: the account's email address, or its user name where the provider's form says so. */
  'account.signIn': v.object({ provider: Id, serverUrl: Text(2048), email: Text(320), password: Text(500) }),
  'account.create': v.object({
    provider: Id,
    serverUrl: Text(2048),
    app: Text(200),
    projectId: v.optional(Text(100)),
    /** Expiry as a time in ms; CoCalc only. */
    expire: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    /** Act with this held key (Authorization: Bearer) instead of the signed-in session. */
    withKey: v.optional(Id),
    allowPlainHttp: AllowPlainHttp,
  }),
  'account.list': v.object({ provider: Id, serverUrl: Text(2048), withKey: v.optional(Id) }),
  'account.delete': v.object({ credentialId: Id, withKey: v.optional(Id) }),
  'account.heldKeys': v.object({ provider: Id, serverUrl: Text(2048) }),
  'credential.verify': v.object({ id: Id }),
  'credential.revoke': v.object({ id: Id }),
  /** Check all: these keys (every key when absent) verified as Verify does, a few at a time (background/check-all.ts). */
  'vault.checkAll': v.object({ ids: v.optional(v.pipe(v.array(Id), v.minLength(1), v.maxLength(1000))) }),
  /** The passphrase lock (background/lock.ts). A passphrase is checked for strength by the background. */
  'lock.status': v.object({}),
  'lock.unlock': v.object({ passphrase: Passphrase }),
  'lock.lockNow': v.object({}),
  'lock.set': v.object({ passphrase: Passphrase }),
  'lock.change': v.object({ current: Passphrase, next: Passphrase }),
  'lock.remove': v.object({ current: Passphrase }),
  /** "Not now" on the offer to set a passphrase, shown once the vault holds a key. */
  'lock.dismissOffer': v.object({}),
  /** An encrypted backup of the whole vault (src/background/backup.ts); extension pages only, as all but detections. */
  'backup.export': v.object({ passphrase: Text(MAX_PASSPHRASE) }),
  'backup.import': v.object({ file: Text(MAX_BACKUP_CHARS), passphrase: Text(MAX_PASSPHRASE) }),
  /** OctoPrint keys sent to a print-farm manager KeyDeck holds a key for (targetId: that entry). */
  'fdm.send': v.object({
    targetId: Id,
    credentialIds: FarmKeys,
    /** Save even where FDM Monster could not check the key with the printer (its `forceSave`). */
    forceSave: v.optional(v.boolean()),
  }),
  /** Key rotation (background/rotation/): a new key for each, into FDM Monster, then the old one revoked. */
  'keys.rotate': v.object({ credentialIds: FarmKeys, allowPlainHttp: AllowPlainHttp }),
  'keys.rotations': v.object({}),
  'keys.rotationRetry': v.object({ id: Id, forceSave: v.optional(v.boolean()) }),
  'keys.rotationCancel': v.object({ id: Id }),
  'keys.rotationDismiss': v.object({ id: Id }),
  /** A file for OctoFarm (printers.json) or FDM Monster (YAML import) with the chosen OctoPrint keys in clear text. */
  'farm.export': v.object({ format: v.picklist(EXPORT_FORMATS), credentialIds: FarmKeys }),
  /** The print farm (background/farm/): one key request per server, owned by the background. */
  'farm.start': v.object({
    app: Text(200),
    servers: v.pipe(
      v.array(v.object({ url: Text(2048), name: v.optional(Text(200)), group: v.optional(Text(200)) })),
      v.maxLength(1000),
    ),
    allowPlainHttp: AllowPlainHttp,
  }),
  'farm.status': v.object({}),
  'farm.retry': v.object({ url: Text(2048) }),
  'farm.retryFailed': v.object({}),
  'farm.cancelAll': v.object({}),
  [CONTENT_DETECTED]: v.object({
    kind: v.literal('octoprint'),
    page: v.picklist(OCTOPRINT_PAGES),
    version: v.optional(Text(40)),
    url: Text(4096),
    accessRequest: v.optional(Text(200)),
  }),
  [CONTENT_DECISION]: v.object({}),
} as const;

export type MessageType = keyof typeof RequestSchemas;
export type Payload<K extends MessageType> = v.InferOutput<(typeof RequestSchemas)[K]>;

export interface Responses {
  'vault.list': { credentials: CredentialView[] };
  'vault.add': { credential: CredentialView };
  'vault.remove': { removed: CredentialView };
  'vault.reveal': { apiKey: string };
  'vault.copy': { clearAfterSeconds: number };
  'vault.rename': { credential: CredentialView };
  'settings.get': Settings;
  'settings.update': Settings;
  'tab.detect': { detection: Detection | null };
  'flow.start': { flow: FlowView };
  'flow.list': { flows: FlowView[] };
  'flow.cancel': { flow: FlowView };
  'flow.dismiss': { ok: true };
  'flow.open': { ok: true };
  'flow.revealUnsavedKey': { apiKey: string };
  'flow.copyUnsavedKey': { clearAfterSeconds: number };
  'portal.start': { ok: true };
  'cocalc.legacyStart': { ok: true };
  'capture.list': { results: CaptureResult[] };
  'capture.dismiss': { ok: true };
  'capture.offer': { offer: boolean };
  'capture.confirm': { result: CaptureResult };
  'capture.revealUnsavedKey': { apiKey: string };
  'capture.copyUnsavedKey': { clearAfterSeconds: number };
  'account.signIn': { ok: true };
  /** `unsaved`: the server made the key but KeyDeck's storage is full; the popup shows it for Copy and Reveal. */
  'account.create': { credentialId: string } | { unsaved: { apiKey: string; reason: string } };
  'account.list': { keys: AccountKeyView[] };
  'account.delete': { ok: true };
  'account.heldKeys': { keys: CredentialView[] };
  'credential.verify': { credential: CredentialView };
  'credential.revoke': { removed: CredentialView };
  /** One result per key, in the order asked. */
  'vault.checkAll': { checked: CheckResult[] };
  'lock.status': LockStatus;
  'lock.unlock': LockStatus;
  'lock.lockNow': LockStatus;
  'lock.set': LockStatus;
  'lock.change': LockStatus;
  'lock.remove': LockStatus;
  'lock.dismissOffer': LockStatus;
  'backup.export': { file: string; count: number };
  'backup.import': { added: number; skipped: number };
  /** One result per credential id, in the order sent. */
  'fdm.send': { results: FdmSendResult[] };
  'farm.export': ExportFile;
  'keys.rotate': { rotations: Rotation[]; refused: { credentialId: string; message: string }[] };
  'keys.rotations': { rotations: Rotation[] };
  'keys.rotationRetry': { rotation: Rotation };
  'keys.rotationCancel': { rotation: Rotation };
  'keys.rotationDismiss': { ok: true };
  'farm.start': { farm: FarmView };
  /** `provider`: whose keys the farm gets (the page lists that provider's keys; the popup names no provider itself). */
  'farm.status': { farm: FarmView | null; provider: string };
  'farm.retry': { ok: true };
  'farm.retryFailed': { count: number };
  'farm.cancelAll': { count: number };
  [CONTENT_DETECTED]: { ok: true };
  [CONTENT_DECISION]: { ok: true };
}

/**
 * One key's outcome in Check all. working / refused: the server accepted / refused the key (the
 * verification is recorded on the entry, as Verify records it); unreachable: no answer; failed:
 * another error; unchecked: KeyDeck cannot verify this kind of entry; gone: removed meanwhile.
 * `message`: the verification's summary or the error, as Verify would show it.
 */
export interface CheckResult {
  id: string;
  outcome: 'working' | 'refused' | 'unreachable' | 'failed' | 'unchecked' | 'gone';
  message?: string;
}

/** FDM Monster's verdict on one OctoPrint key (providers/fdm-monster/send.ts), as the popup shows it. */
export interface FdmSendResult {
  credentialId: string;
  /** created/updated/unchanged: FDM Monster holds the key; refused: KeyDeck did not send it; key-rejected: OctoPrint refused it; unreachable: FDM Monster could not reach the printer (canForceSave); failed: anything else. */
  status: 'created' | 'updated' | 'unchanged' | 'refused' | 'key-rejected' | 'unreachable' | 'failed';
  message: string;
  canForceSave?: boolean;
}

/** Only the content script may report detections; every other message is for extension pages only. */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageType> = new Set([CONTENT_DETECTED, CONTENT_DECISION]);

export type Reply<K extends MessageType> = { ok: true; data: Responses[K] } | { ok: false; error: ErrorData };

export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  payload: Payload<K>;
}

const EnvelopeSchema = v.object({ type: v.string(), payload: v.unknown() });

export type ParseResult = { ok: true; envelope: Envelope } | { ok: false; message: string };

/** Parses an incoming message: the envelope, then the payload against that type's schema. */
export function parseMessage(raw: unknown): ParseResult {
  const envelope = v.safeParse(EnvelopeSchema, raw);
  if (!envelope.success) return { ok: false, message: t('errMessageShape') };
  const { type, payload } = envelope.output;
  if (!Object.hasOwn(RequestSchemas, type)) return { ok: false, message: t('errMessageUnknown', type) };
  const schema = RequestSchemas[type as MessageType];
  const parsed = v.safeParse(schema, payload);
  if (!parsed.success) return { ok: false, message: t('errMessageMalformed', type, parsed.issues[0]?.message ?? '') };
  return { ok: true, envelope: { type: type as MessageType, payload: parsed.output as Payload<MessageType> } };
}
