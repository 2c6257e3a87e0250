import { t } from '../i18n';
import type { BackupPart } from './BackupSection';
import { ExportBackup } from './ExportBackup';
import { ImportBackup } from './ImportBackup';

/** The popup page opened in a tab as `?view=backup&part=…` (see BackupSection for why a tab). */
export function BackupPage({ part }: { part: BackupPart }) {
  return (
    <main class="popup backup-page">
      <header class="bar">
        <h1>{t('extName')}</h1>
      </header>
      {part === 'export' ? <ExportBackup /> : <ImportBackup />}
    </main>
  );
}
