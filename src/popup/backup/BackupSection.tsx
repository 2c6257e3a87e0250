import { useApi } from '../api';
import { t } from '../i18n';

export type BackupPart = 'export' | 'import';

/** The popup's own page, showing one part of the backup (main.tsx reads `view` and `part`). */
export function backupPageUrl(part: BackupPart, here = location.href): string {
  return new URL(`?view=backup&part=${part}`, here).href;
}

/**
 * Settings → Backup. Export and import each open in an extension tab, not in the toolbar popup:
 * Firefox closes a popup as soon as a file picker (or a "Save as" dialog, when the user has Firefox
 * ask where to save) takes focus, which ends the popup's script before it gets the file (bugzilla
 * 1292701, open since 2016). A download straight to the Downloads folder does work from Firefox's
 * real popup (checked headless), but the import could not stay there; one place for both. A tab
 * stays open in both browsers (test/e2e/backup.test.ts).
 */
export function BackupSection() {
  const api = useApi();
  return (
    <section class="backup" aria-label={t('backup')}>
      <h3>{t('backup')}</h3>
      <p class="muted">{t('backupHelp')}</p>
      <button type="button" onClick={() => void api.openTab(backupPageUrl('export'))}>
        {t('backupExport')}
      </button>
      <button type="button" onClick={() => void api.openTab(backupPageUrl('import'))}>
        {t('backupImport')}
      </button>
    </section>
  );
}
