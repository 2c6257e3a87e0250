import { serial } from '../../shared/serial';
import { exportBackup, importBackup, type BackupVault } from '../backup';
import type { Handlers } from '../router';
import type { Services } from './services';

type BackupHandlers = Pick<Handlers, 'backup.export' | 'backup.import'>;

export function createBackupHandlers({ vault }: Services): BackupHandlers {
  // Today's vault lists entries with their secrets; the sealed vault's `all()` (which refuses while
  // locked) takes `list()`'s place here.
  const entries: BackupVault = { all: () => vault.list(), addMany: (credentials) => vault.addMany(credentials) };
  // Two imports at once (a double click) would both merge against the vault before either wrote.
  const oneImportAtATime = serial();
  return {
    'backup.export': async ({ passphrase }) => exportBackup(await entries.all(), passphrase),
    'backup.import': ({ file, passphrase }) => oneImportAtATime(() => importBackup(entries, file, passphrase)),
  };
}
