import { serial } from '../../shared/serial';
import { exportBackup, importBackup } from '../backup';
import type { Handlers } from '../router';
import type { Services } from './services';

type BackupHandlers = Pick<Handlers, 'backup.export' | 'backup.import'>;

export function createBackupHandlers({ vault }: Services): BackupHandlers {
  // Two imports at once (a double click) would both merge against the vault before either wrote.
  const oneImportAtATime = serial();
  return {
    // Both open every secret (merging compares keys), so both ask to unlock while locked.
    'backup.export': async ({ passphrase }) => exportBackup(await vault.all(), passphrase),
    'backup.import': ({ file, passphrase }) => oneImportAtATime(() => importBackup(vault, file, passphrase)),
  };
}
