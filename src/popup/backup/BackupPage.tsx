import { t } from '../i18n';
import { LockProvider } from '../lock/lock-context';
import { UnlockPrompt } from '../lock/UnlockPrompt';
import type { BackupPart } from './BackupSection';
import { ExportBackup } from './ExportBackup';
import { ImportBackup } from './ImportBackup';

/** The popup page opened in a tab as `?view=backup&part=…` (see BackupSection for why a tab). */
export function BackupPage({ part }: { part: BackupPart }) {
  // Export and import open secrets: while locked, they ask for the passphrase here and then go on.
  return (
    <LockProvider>
      <main class="popup backup-page">
        <header class="bar">
          <h1>{t('extName')}</h1>
        </header>
        <UnlockPrompt />
        {part === 'export' ? <ExportBackup /> : <ImportBackup />}
      </main>
    </LockProvider>
  );
}
