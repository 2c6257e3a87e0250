import type { MessageType } from '../../shared/messages';
import { t, type MessageKey } from '../i18n';
import { useLock } from './lock-context';
import { PassphraseForm } from './PassphraseForm';

/** What the prompt says the passphrase is for: the action that met the lock, in the user's words. */
const REASON: Partial<Record<MessageType, MessageKey>> = {
  'vault.copy': 'unlockToCopy',
  'flow.copyUnsavedKey': 'unlockToCopy',
  'vault.reveal': 'unlockToReveal',
  'flow.revealUnsavedKey': 'unlockToReveal',
  'credential.verify': 'unlockToVerify',
  'credential.revoke': 'unlockToRevoke',
};

/**
 * The passphrase asked for where the user is: focused, Enter unlocks, and the action that met the
 * lock then runs by itself (lock-context.tsx). Cancel leaves everything locked.
 */
export function UnlockPrompt() {
  const lock = useLock();
  if (!lock.prompt) return null;
  const { action } = lock.prompt;
  const reason: MessageKey = action ? (REASON[action] ?? 'unlockToContinue') : 'unlockToOpen';
  return (
    <section class="banner unlock" aria-label={t('unlockTitle')}>
      <PassphraseForm
        title="unlock"
        busy="unlocking"
        fields={[{ name: 'passphrase', label: 'passphrase' }]}
        submit={({ passphrase }) => lock.run('lock.unlock', { passphrase: passphrase ?? '' })}
        onDone={() => lock.closePrompt(true)}
        autoFocus
        extra={
          <button type="button" onClick={() => lock.closePrompt(false)}>
            {t('cancel')}
          </button>
        }
      >
        <p>{t(reason)}</p>
      </PassphraseForm>
    </section>
  );
}
