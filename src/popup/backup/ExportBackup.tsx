import { useEffect, useState } from 'preact/hooks';
import { MIN_EXPORT_PASSPHRASE } from '../../shared/backup-format';
import { useApi } from '../api';
import { t } from '../i18n';
import { keyCount } from './key-count';
import { useBackupAction } from './use-backup-action';

/** Passphrase twice → the background encrypts the vault → the file is offered as a download. */
export function ExportBackup() {
  const api = useApi();
  const [count, setCount] = useState<number | null>(null);
  const [passphrase, setPassphrase] = useState({ first: '', again: '' });
  const { busy, message, setMessage, fail, run } = useBackupAction();

  useEffect(() => {
    api
      .credentials()
      .then((credentials) => setCount(credentials.length))
      .catch(fail);
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (passphrase.first.length < MIN_EXPORT_PASSPHRASE) {
      return setMessage({ text: t('backupPassphraseShort', String(MIN_EXPORT_PASSPHRASE)), error: true });
    }
    if (passphrase.first !== passphrase.again) return setMessage({ text: t('backupPassphraseMismatch'), error: true });
    await run(async () => {
      const { file, count: held } = await api.send('backup.export', { passphrase: passphrase.first });
      api.saveFile(`keydeck-backup-${new Date().toISOString().slice(0, 10)}.keydeck`, file);
      setPassphrase({ first: '', again: '' });
      return t('backupExported', keyCount(held));
    });
  };

  return (
    <section class="backup" aria-label={t('backupExportTitle')}>
      <h2>{t('backupExportTitle')}</h2>
      {count === 0 && <p class="muted">{t('backupNothing')}</p>}
      {count !== null && count > 0 && (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <p>{t('backupExportIntro', keyCount(count))}</p>
          <label>
            {t('backupPassphraseNew', String(MIN_EXPORT_PASSPHRASE))}
            <input
              type="password"
              autocomplete="new-password"
              value={passphrase.first}
              onInput={(event) => setPassphrase({ ...passphrase, first: event.currentTarget.value })}
            />
          </label>
          <label>
            {t('backupPassphraseAgain')}
            <input
              type="password"
              autocomplete="new-password"
              value={passphrase.again}
              onInput={(event) => setPassphrase({ ...passphrase, again: event.currentTarget.value })}
            />
          </label>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('backupExporting') : t('backupExportButton')}
          </button>
        </form>
      )}
      {message && (
        <p class={message.error ? 'error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
