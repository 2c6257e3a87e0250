import { useState } from 'preact/hooks';
import { t } from '../i18n';

export interface Unsaved {
  app: string;
  apiKey: string;
  reason: string;
}

/**
 * A key the server made but KeyDeck could not store (its storage is full): the server shows a secret
 * once, so the user takes it from here. It lives only in this window's memory.
 */
export function UnsavedKey({ unsaved }: { unsaved: Unsaved }) {
  const [revealed, setRevealed] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = () =>
    void navigator.clipboard
      .writeText(unsaved.apiKey)
      .then(() => setCopied(t('copiedNoClear')))
      .catch(() => setCopied(t('copyFailedReveal')));
  return (
    <div class="flow failed" role="group" aria-label={t('unsavedKeyTitle', unsaved.app)}>
      <p role="alert">{t('storageFullUnsaved', unsaved.reason)}</p>
      {revealed && (
        <code class="key" data-testid="unsaved-key">
          {unsaved.apiKey}
        </code>
      )}
      {copied && <p role="status">{copied}</p>}
      <div class="actions">
        <button type="button" class="primary" onClick={copy} aria-label={t('copyUnsavedKey', unsaved.app)}>
          {t('copy')}
        </button>
        <button type="button" onClick={() => setRevealed(!revealed)} aria-label={t(revealed ? 'hideUnsavedKey' : 'revealUnsavedKey', unsaved.app)}>
          {revealed ? t('hide') : t('reveal')}
        </button>
      </div>
    </div>
  );
}
