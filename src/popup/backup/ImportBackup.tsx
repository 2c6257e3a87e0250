import { useState } from 'preact/hooks';
import { MAX_BACKUP_CHARS, readBackupHeader } from '../../shared/backup-format';
import { useApi } from '../api';
import { t } from '../i18n';
import { importedMessage, keyCount } from './key-count';
import { useBackupAction } from './use-backup-action';

/**
 * A file, its count read from the outside (nothing secret is there), the passphrase → the
 * background decrypts and merges. A wrong passphrase or a changed file changes nothing.
 */
export function ImportBackup() {
  const api = useApi();
  const [chosen, setChosen] = useState<{ text: string; count: number } | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const { busy, message, setMessage, fail, run } = useBackupAction();

  const choose = async (input: HTMLInputElement) => {
    setChosen(null);
    setMessage(null);
    const file = input.files?.[0];
    if (!file) return;
    try {
      // Bytes are at least characters: a file this big cannot be one KeyDeck wrote, and is not read.
      if (file.size > MAX_BACKUP_CHARS * 4) return setMessage({ text: t('errBackupTooBig'), error: true });
      const text = await file.text();
      setChosen({ text, count: readBackupHeader(text).header.count });
    } catch (error) {
      fail(error);
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!chosen) return;
    await run(async () => {
      const { added, skipped } = await api.send('backup.import', { file: chosen.text, passphrase });
      setPassphrase('');
      return importedMessage(added, skipped);
    });
  };

  return (
    <section class="backup" aria-label={t('backupImportTitle')}>
      <h2>{t('backupImportTitle')}</h2>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <label>
          {t('backupFile')}
          <input type="file" accept=".keydeck,.json,application/json" onChange={(event) => void choose(event.currentTarget)} />
        </label>
        {chosen && (
          <>
            <p>{t('backupHolds', keyCount(chosen.count))}</p>
            <label>
              {t('backupPassphrase')}
              <input type="password" autocomplete="off" value={passphrase} onInput={(event) => setPassphrase(event.currentTarget.value)} />
            </label>
            <button type="submit" class="primary" disabled={busy || passphrase === ''}>
              {busy ? t('backupImporting') : t('backupImportButton')}
            </button>
          </>
        )}
      </form>
      {message && (
        <p class={message.error ? 'error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
