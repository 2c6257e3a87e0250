import { t } from '../shared/i18n';
import * as v from 'valibot';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupHeaderSchema,
  MAX_BACKUP_CHARS,
  MIN_EXPORT_PASSPHRASE,
  readBackupHeader,
} from '../shared/backup-format';
import { boundedCredential, type Credential } from '../shared/credential';
import { KeyDeckError } from '../shared/errors';
import { BoxSchema, decrypt, encrypt } from './crypto/aead';
import { fromUtf8, utf8 } from './crypto/bytes';
import { KdfSchema, newKdf, passphraseKey } from './crypto/passphrase-key';

/**
 * Encrypted backups: `{format, version, kdf, box, count}`, where `box` is the AES-GCM encryption
 * (key from the passphrase, PBKDF2-SHA-256) of the JSON list of credentials with their secrets.
 * Only the count is readable outside the box; it is checked against the list once opened.
 */
const CONTEXT = 'keydeck-backup-v1';

const BackupFileSchema = v.object({
  ...BackupHeaderSchema.entries,
  kdf: KdfSchema,
  // aead's BoxSchema is sized for one record; a backup holds the whole vault.
  box: v.object({ iv: BoxSchema.entries.iv, data: v.pipe(v.string(), v.maxLength(MAX_BACKUP_CHARS)) }),
});

/** What an import needs of the vault: every entry with its secrets, and one write for all new ones. */
export interface BackupVault {
  all(): Promise<Credential[]>;
  /** Adds every entry in ONE write (new ids), or none. */
  addMany(credentials: Omit<Credential, 'id'>[]): Promise<unknown[]>;
}

export async function exportBackup(credentials: Credential[], passphrase: string): Promise<{ file: string; count: number }> {
  if (passphrase.length < MIN_EXPORT_PASSPHRASE) {
    throw new KeyDeckError('invalid-input', t('errBackupPassphraseMin', String(MIN_EXPORT_PASSPHRASE)));
  }
  const kdf = newKdf();
  const box = await encrypt(await passphraseKey(passphrase, kdf), utf8(JSON.stringify(credentials)), CONTEXT);
  const file = `${JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, kdf, box, count: credentials.length })}\n`;
  if (file.length > MAX_BACKUP_CHARS) throw new KeyDeckError('invalid-input', t('errBackupTooBig'));
  return { file, count: credentials.length };
}

/** The credentials in a backup file, each checked as the vault checks what it stores; throws a clear KeyDeckError. */
export async function readBackup(text: string, passphrase: string): Promise<Credential[]> {
  const file = v.safeParse(BackupFileSchema, readBackupHeader(text).json);
  if (!file.success) throw new KeyDeckError('invalid-input', t('errNotABackup'));
  const { kdf, box, count } = file.output;
  let list: unknown;
  try {
    // A bad salt, IV or ciphertext, the wrong key and any altered byte all end here (GCM's tag).
    list = JSON.parse(fromUtf8(await decrypt(await passphraseKey(passphrase, kdf), box, CONTEXT)));
  } catch {
    throw new KeyDeckError('invalid-input', t('errBackupWrongPassphrase'));
  }
  // The count is outside the box: one that does not match what the box holds was changed.
  if (!Array.isArray(list) || list.length !== count) throw new KeyDeckError('invalid-input', t('errBackupWrongPassphrase'));
  return list.map((entry: unknown, index) => {
    try {
      return boundedCredential(entry as Credential);
    } catch (error) {
      const why = error instanceof KeyDeckError ? error.message.replace(/^This entry cannot be stored: /, '') : 'it is not a key.';
      throw new KeyDeckError('invalid-input', t('errBackupDamaged', String(index + 1), String(count), why.replace(/\.$/, '')));
    }
  });
}

/**
 * What makes two entries the same key: the same provider, server and API key, or the same finish
 * page; an entry with neither (a connection without a key) is the same when all its secrets are.
 */
function sameness(c: Omit<Credential, 'id'>): string[] {
  const marks: string[] = [];
  if (c.secrets.apiKey) marks.push(JSON.stringify(['key', c.provider, c.serviceUrl, c.secrets.apiKey]));
  if (c.capturedFrom) marks.push(JSON.stringify(['captured', c.capturedFrom]));
  if (marks.length === 0) {
    const secrets = Object.entries(c.secrets).sort(([a], [b]) => (a < b ? -1 : 1));
    marks.push(JSON.stringify(['secrets', c.provider, c.serviceUrl, secrets]));
  }
  return marks;
}

/** The entries of `incoming` not already in `existing` (nor earlier in `incoming`), without their ids. */
export function mergeBackup(existing: Credential[], incoming: Credential[]): { toAdd: Omit<Credential, 'id'>[]; skipped: number } {
  const seen = new Set(existing.flatMap(sameness));
  const toAdd: Omit<Credential, 'id'>[] = [];
  let skipped = 0;
  for (const { id: _id, ...credential } of incoming) {
    const marks = sameness(credential);
    if (marks.some((mark) => seen.has(mark))) {
      skipped++;
      continue;
    }
    marks.forEach((mark) => seen.add(mark));
    toAdd.push(credential);
  }
  return { toAdd, skipped };
}

/** Reads the whole file first; only then, in one vault write, adds what is new. A failure writes nothing. */
export async function importBackup(vault: BackupVault, text: string, passphrase: string): Promise<{ added: number; skipped: number }> {
  const incoming = await readBackup(text, passphrase);
  const { toAdd, skipped } = mergeBackup(await vault.all(), incoming);
  if (toAdd.length > 0) await vault.addMany(toAdd);
  return { added: toAdd.length, skipped };
}
