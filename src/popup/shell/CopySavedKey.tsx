import { useState } from 'preact/hooks';
import { messageOf } from '../api';
import { t } from '../i18n';
import { useCopyKey } from '../keys/use-copy-key';
import { useAnnounce } from './announcer';

/**
 * Copy on a finished request's card (its key is in the vault): the key the user just asked for, right
 * where they look, and the card goes away once it is copied — the key stays in the list below.
 */
export function CopySavedKey({ credentialId, app, dismiss }: { credentialId: string; app: string; dismiss: () => Promise<unknown> }) {
  const copyKey = useCopyKey();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const copy = () => {
    setBusy(true);
    copyKey(credentialId)
      .then(dismiss)
      .catch((error: unknown) => announce(messageOf(error), { tone: 'error' }))
      .finally(() => setBusy(false));
  };
  return (
    <button type="button" class="primary" disabled={busy} onClick={copy} aria-label={t('copySavedKey', app)}>
      {t('copy')}
    </button>
  );
}
