import { useState } from 'preact/hooks';
import type { CredentialView } from '../../shared/credential';
import type { MessageKey } from '../i18n';
import { ACTIVE_ROTATION_STEPS, type Rotation, type RotationStep } from '../../shared/rotation';
import { originPattern } from '../../shared/validation';
import { messageOf, useApi } from '../api';
import { keyCount } from '../backup/key-count';
import { t } from '../i18n';
import { useFollowed, useStored } from '../use-stored';

const STEP_LABEL: Record<RotationStep, MessageKey> = {
  requesting: 'rotateStepRequesting',
  verifying: 'rotateStepVerifying',
  updating: 'rotateStepUpdating',
  revoking: 'rotateStepRevoking',
  done: 'rotateStepDone',
  failed: 'rotateStepFailed',
  cancelled: 'rotateStepCancelled',
};

/**
 * Starts rotations for the chosen keys and shows every rotation the background holds (they outlive
 * this page): per server its step, what happened at each FDM Monster, and what to do next.
 */
export function RotateKeys({ credentialIds }: { credentialIds: string[] }) {
  const api = useApi();
  const stored = useStored(api.store.rotations);
  const { value: credentials } = useFollowed(() => api.credentials(), (changed) => api.onCredentialsChange(changed));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const rotations = Object.values(stored ?? {}).sort((a, b) => b.createdAt - a.createdAt);

  const start = async () => {
    setMessage(null);
    // In the order the user chose them (the list's order follows creation times).
    const chosen = credentialIds.flatMap((id) => (credentials ?? []).filter((c: CredentialView) => c.id === id));
    // Asked first, inside the click: a new key is requested from each of these servers.
    const origins = [...new Set(chosen.map((c) => originPattern(c.serviceUrl)))];
    if (origins.length && !(await api.requestOrigins(origins))) return setMessage({ text: t('rotateNoAccess'), error: true });
    setBusy(true);
    try {
      const { refused } = await api.send('keys.rotate', { credentialIds });
      if (refused.length) setMessage({ text: refused.map((r) => r.message).join(' '), error: true });
    } catch (error) {
      setMessage({ text: messageOf(error), error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="rotate-keys" aria-label={t('rotateTitle')}>
      <h2>{t('rotateTitle')}</h2>
      <p class="muted">{t('rotateIntro')}</p>
      {credentialIds.length === 0 ? (
        <p class="muted">{t('rotateNone')}</p>
      ) : (
        <button type="button" class="primary" disabled={busy || !credentials} onClick={() => void start()}>
          {busy ? t('rotateStarting') : t('rotateStart', keyCount(credentialIds.length))}
        </button>
      )}
      {message && (
        <p class={message.error ? 'error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {rotations.length > 0 && (
        <ul>
          {rotations.map((rotation) => (
            <RotationRow key={`${rotation.id}|${rotation.createdAt}`} rotation={rotation} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RotationRow({ rotation: r }: { rotation: Rotation }) {
  const { send } = useApi();
  const [error, setError] = useState<string | null>(null);
  const host = new URL(r.serviceUrl).host;
  const act = (action: () => Promise<unknown>) => () => {
    setError(null);
    action().catch((failure: unknown) => setError(messageOf(failure)));
  };
  const waitingForAllow = r.step === 'requesting' && r.flowId;
  return (
    <li class={`rotation ${r.step}`} aria-label={t('rotateRow', host)}>
      <strong>{host}</strong> <span>{t('rotateNames', r.app, r.newApp)}</span> <em>{t(STEP_LABEL[r.step])}</em>
      <p role="status">{r.message}</p>
      {r.farms.length > 0 && (
        <ul aria-label={t('rotateFarms')}>
          {r.farms.map((farm) => (
            <li key={farm.serverUrl} class={farm.state}>
              {farm.message}
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        {waitingForAllow && (
          <button type="button" class="primary" onClick={act(() => send('flow.open', { id: r.flowId! }))}>
            {t('rotateOpen')}
          </button>
        )}
        {r.step === 'requesting' && (
          <button type="button" onClick={act(() => send('keys.rotationCancel', { id: r.id }))}>
            {t('rotateCancel')}
          </button>
        )}
        {r.step === 'failed' && (
          <button type="button" class="primary" onClick={act(() => send('keys.rotationRetry', { id: r.id }))}>
            {t('rotateRetry')}
          </button>
        )}
        {r.step === 'failed' && r.failedStep === 'updating' && r.farms.some((farm) => farm.canForceSave) && (
          <button type="button" onClick={act(() => send('keys.rotationRetry', { id: r.id, forceSave: true }))}>
            {t('rotateForceSave')}
          </button>
        )}
        {ACTIVE_ROTATION_STEPS.has(r.step) && r.step !== 'requesting' && (
          <button type="button" onClick={act(() => send('keys.rotationRetry', { id: r.id }))}>
            {t('rotateContinue')}
          </button>
        )}
        {!ACTIVE_ROTATION_STEPS.has(r.step) && (
          <button type="button" onClick={act(() => send('keys.rotationDismiss', { id: r.id }))}>
            {t('rotateDismiss')}
          </button>
        )}
      </div>
      {error && <p class="error" role="alert">{error}</p>}
    </li>
  );
}
