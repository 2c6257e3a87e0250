import { t, tn } from '../i18n';

/** "1 key", "12 keys". */
export const keyCount = (n: number) => tn('keyCount', n);

/** "Added 3 keys, 2 were already here." */
export function importedMessage(added: number, skipped: number): string {
  if (skipped === 0) return t('backupAdded', keyCount(added));
  return tn('backupAddedHere', skipped, keyCount(added));
}
