import { useEffect, useState } from 'preact/hooks';
import type { ExportFile, ExportFormat } from '../../shared/farm-export';
import { messageOf, useApi } from '../api';
import { keyCount } from '../backup/key-count';
import { t } from '../i18n';

const FORMATS: { value: ExportFormat; label: () => string }[] = [
  { value: 'octofarm', label: () => t('farmExportOctoFarm') },
  { value: 'fdm-monster-yaml', label: () => t('farmExportFdmMonster') },
];

/**
 * The chosen keys as a file for OctoFarm or FDM Monster. Two explicit steps: the background prepares
 * the file and the page says how many keys it will hold in clear text (and what is left out or will
 * be refused); only "Save" offers it as a download. Changing the selection or the format drops it.
 */
export function FarmExport({ credentialIds }: { credentialIds: string[] }) {
  const api = useApi();
  const [format, setFormat] = useState<ExportFormat>('octofarm');
  const [file, setFile] = useState<ExportFile | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const selection = credentialIds.join('\n');

  useEffect(() => {
    setFile(null);
    setMessage(null);
  }, [selection, format]);

  const prepare = async () => {
    setBusy(true);
    setMessage(null);
    try {
      setFile(await api.send('farm.export', { format, credentialIds }));
    } catch (error) {
      setMessage({ text: messageOf(error), error: true });
    } finally {
      setBusy(false);
    }
  };

  const save = (ready: ExportFile) => {
    api.saveFile(ready.filename, ready.text);
    setFile(null); // the keys leave this page's memory with the download
    setMessage({ text: t('farmExportSaved', ready.filename, keyCount(ready.secrets)), error: false });
  };

  return (
    <section class="farm-export" aria-label={t('farmExportTitle')}>
      <h2>{t('farmExportTitle')}</h2>
      <fieldset>
        <legend>{t('farmExportFormat')}</legend>
        {FORMATS.map((option) => (
          <label key={option.value}>
            <input type="radio" name="farm-export-format" value={option.value} checked={format === option.value} onChange={() => setFormat(option.value)} />
            {option.label()}
          </label>
        ))}
      </fieldset>
      {credentialIds.length === 0 ? (
        <p class="muted">{t('farmExportNone')}</p>
      ) : (
        !file && (
          <button type="button" class="primary" disabled={busy} onClick={() => void prepare()}>
            {busy ? t('farmExportPreparing') : t('farmExportPrepare', keyCount(credentialIds.length))}
          </button>
        )
      )}
      {file && (
        <div class="export-ready">
          <p role="status">{file.secrets > 0 ? t('farmExportReady', file.filename, keyCount(file.secrets)) : t('farmExportEmpty')}</p>
          {file.notes.length > 0 && (
            <ul aria-label={t('farmExportNotes')}>
              {file.notes.map((note) => (
                <li key={note.credentialId}>{note.message}</li>
              ))}
            </ul>
          )}
          {file.secrets > 0 && (
            <button type="button" class="primary" onClick={() => save(file)}>
              {t('farmExportSave', file.filename)}
            </button>
          )}
          <button type="button" onClick={() => setFile(null)}>
            {t('farmExportDiscard')}
          </button>
        </div>
      )}
      {message && (
        <p class={message.error ? 'error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
