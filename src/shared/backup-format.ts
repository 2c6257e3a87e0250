import { t } from './i18n';
import * as v from 'valibot';
import { KeyDeckError } from './errors';

/**
 * The outside of a backup file: what the popup may read before import (the count) and the background
 * checks first. Everything secret is inside the encrypted box (src/background/backup.ts).
 */
export const BACKUP_FORMAT = 'keydeck-backup';
export const BACKUP_VERSION = 1;
/** A vault fits storage.local's 10 MB; encrypted and in base64 that is about 13.4 MB. */
export const MAX_BACKUP_CHARS = 16 * 1024 * 1024;
export const MAX_BACKUP_KEYS = 20_000;
export const MIN_EXPORT_PASSPHRASE = 10;
export const MAX_PASSPHRASE = 1_024;

export const newerBackup = (version: number) =>
  `This backup was made by a newer KeyDeck (backup format ${version}). Update KeyDeck, then import it again.`;

export const BackupHeaderSchema = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(BACKUP_VERSION),
  count: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_BACKUP_KEYS)),
});
export type BackupHeader = v.InferOutput<typeof BackupHeaderSchema>;

/** The parsed file and its header, or a KeyDeckError saying plainly why it is not one we can read. */
export function readBackupHeader(text: string): { json: Record<string, unknown>; header: BackupHeader } {
  if (text.length > MAX_BACKUP_CHARS) throw new KeyDeckError('invalid-input', t('errBackupTooBig'));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyDeckError('invalid-input', t('errNotABackup'));
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== BACKUP_FORMAT) {
    throw new KeyDeckError('invalid-input', t('errNotABackup'));
  }
  // A later format may change everything else: say "newer" before judging its shape.
  const version = (json as { version?: unknown }).version;
  if (typeof version === 'number' && Number.isInteger(version) && version > BACKUP_VERSION) {
    throw new KeyDeckError('invalid-input', newerBackup(version));
  }
  const header = v.safeParse(BackupHeaderSchema, json);
  if (!header.success) throw new KeyDeckError('invalid-input', t('errNotABackup'));
  return { json: json as Record<string, unknown>, header: header.output };
}
