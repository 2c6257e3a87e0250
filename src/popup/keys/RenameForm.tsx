import { useEffect, useRef, useState } from 'preact/hooks';
import type { CredentialView } from '../../shared/credential';
import { checkAppName } from '../../shared/validation';
import { messageOf, useApi } from '../api';
import { t } from '../i18n';
import { useAnnounce } from '../shell/announcer';

/** Renames a key in place; the name is checked here and again in the background. */
export function RenameForm({ credential, onDone }: { credential: CredentialView; onDone(): void }) {
  const { send } = useApi();
  const announce = useAnnounce();
  const [app, setApp] = useState(credential.app);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const errorId = `rename-error-${credential.id}`;

  const submit = async (event: Event) => {
    event.preventDefault();
    const name = app.trim();
    const problem = checkAppName(name);
    if (problem) {
      setError(problem);
      input.current?.focus();
      return;
    }
    try {
      await send('vault.rename', { id: credential.id, app: name });
      announce(t('renamed', name));
      onDone();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  return (
    <form class="rename" aria-label={t('rename')} onSubmit={(event) => void submit(event)}>
      <label>
        {t('renameLabel')}
        <input
          ref={input}
          value={app}
          maxLength={200}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onInput={(event) => setApp(event.currentTarget.value)}
          onKeyDown={(event) => {
            // Escape leaves renaming here, not the row or the popup.
            if (event.key === 'Escape') {
              event.stopPropagation();
              onDone();
            }
          }}
        />
      </label>
      {error && (
        <p class="error" id={errorId} role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary">
          {t('renameSave')}
        </button>
        <button type="button" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
