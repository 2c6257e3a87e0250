import { useApi } from '../api';
import { t } from '../i18n';
import { useAnnounce } from '../shell/announcer';

/** Copies a key through the background and says so (and when the clipboard will be cleared). */
export function useCopyKey(): (id: string) => Promise<void> {
  const { send } = useApi();
  const announce = useAnnounce();
  return async (id) => {
    const { clearAfterSeconds } = await send('vault.copy', { id });
    announce(t('copied', String(clearAfterSeconds)));
  };
}
