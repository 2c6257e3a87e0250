import type { CredentialView } from '../../shared/credential';
import type { CopyableField } from '../../shared/messages';
import { messageOf, useApi } from '../api';
import { t, type MessageKey } from '../i18n';
import { useAnnounce } from '../shell/announcer';
import { useCopyFeedback } from './use-copy-feedback';

/** An OctoEverywhere connection's stored fields besides the key, each copied through the background. */
const FIELDS: [CopyableField, MessageKey][] = [
  ['connectionUrl', 'fieldConnectionUrl'],
  ['basicUser', 'fieldBasicUser'],
  ['basicPassword', 'fieldBasicPassword'],
];

export function ConnectionFields({ credential, onError }: { credential: CredentialView; onError(message: string): void }) {
  const held = FIELDS.filter(([field]) => credential.secretFields.includes(field));
  if (held.length === 0) return null;
  return (
    <div class="actions connection-fields">
      {held.map(([field, name]) => (
        <CopyField key={field} id={credential.id} field={field} name={t(name)} onError={onError} />
      ))}
    </div>
  );
}

function CopyField({ id, field, name, onError }: { id: string; field: CopyableField; name: string; onError(message: string): void }) {
  const { send } = useApi();
  const announce = useAnnounce();
  const feedback = useCopyFeedback();
  const copy = async () => {
    try {
      const { clearAfterSeconds } = await send('vault.copy', { id, field });
      feedback.done();
      announce(t('fieldCopied', name, String(clearAfterSeconds)));
    } catch (failure) {
      onError(messageOf(failure));
    }
  };
  return (
    <button type="button" onClick={() => void copy()}>
      {feedback.copied ? t('copiedShort') : t('copyField', name)}
    </button>
  );
}
