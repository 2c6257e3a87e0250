import { useState } from 'preact/hooks';
import { MIN_PASSPHRASE_LENGTH } from '../../shared/lock';
import type { Settings } from '../../shared/settings';
import { messageOf } from '../api';
import { t } from '../i18n';
import { useLock } from './lock-context';
import { PassphraseForm } from './PassphraseForm';

const MAX_MINUTES = 24 * 60;

/** A new passphrase twice: long enough and the same, checked before anything is sent. */
const checkNew = (next = '', repeat = '') =>
  next.length < MIN_PASSPHRASE_LENGTH ? t('passphraseTooShort', String(MIN_PASSPHRASE_LENGTH)) : next !== repeat ? t('passphraseMismatch') : null;

/**
 * Settings → Passphrase lock. Off: what it does, and Set a passphrase. On: Lock now, Change,
 * Remove, and the auto-lock minutes (saved like the other settings, through `save`).
 */
export function LockSettings({ settings, save }: { settings: Settings; save: (patch: Partial<Settings>) => void }) {
  const lock = useLock();
  const [done, setDone] = useState<string | null>(null);
  const [locking, setLocking] = useState(false);
  const [lockError, setLockError] = useState<string | null>(null);
  const status = lock.status;
  const said = (message: string) => () => setDone(message);

  const lockNow = () => {
    setDone(null);
    setLockError(null);
    setLocking(true);
    lock
      .run('lock.lockNow', {})
      .then(said(t('lockedNow')), (failure: unknown) => setLockError(messageOf(failure)))
      .finally(() => setLocking(false));
  };

  return (
    <section class="lock-settings" aria-label={t('lockTitle')}>
      <h2>{t('lockTitle')}</h2>
      {!status && lock.statusError !== undefined && (
        <p class="error">
          {messageOf(lock.statusError)}
        </p>
      )}
      {status && !status.enabled && (
        <PassphraseForm
          title="lockSet"
          busy="lockSetting"
          checksPassphrase={false}
          fields={[
            { name: 'next', label: 'passphrase' },
            { name: 'repeat', label: 'passphraseRepeat' },
          ]}
          check={({ next, repeat }) => checkNew(next, repeat)}
          submit={({ next }) => lock.run('lock.set', { passphrase: next ?? '' })}
          onDone={said(t('lockSetDone'))}
        >
          <p class="muted">{t('lockProtects')}</p>
          <p class="muted">{t('lockArrives')}</p>
          <p class="muted">{t('lockForgotten')}</p>
          <p class="muted">{t('passphraseTooShort', String(MIN_PASSPHRASE_LENGTH))}</p>
        </PassphraseForm>
      )}
      {status?.enabled && (
        <>
          <p class="muted">{status.locked ? t('lockIsLocked') : t('lockIsUnlocked')}</p>
          {!status.locked && (
            <div class="actions">
              <button type="button" onClick={lockNow} disabled={locking}>
                {locking ? t('locking') : t('lockNow')}
              </button>
            </div>
          )}
          {lockError && (
            <p class="error" role="alert">
              {lockError}
            </p>
          )}
          <label>
            {t('autoLockMinutes')}
            <input
              type="number"
              min={1}
              max={MAX_MINUTES}
              value={settings.autoLockMinutes}
              onChange={(event) => {
                const minutes = Number(event.currentTarget.value);
                if (Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_MINUTES) save({ autoLockMinutes: minutes });
              }}
            />
          </label>
          <PassphraseForm
            title="lockChange"
            busy="lockChanging"
            heading
            fields={[
              { name: 'current', label: 'passphraseCurrent' },
              { name: 'next', label: 'passphraseNew' },
              { name: 'repeat', label: 'passphraseNewRepeat' },
            ]}
            check={({ next, repeat }) => checkNew(next, repeat)}
            submit={({ current, next }) => lock.run('lock.change', { current: current ?? '', next: next ?? '' })}
            onDone={said(t('lockChangeDone'))}
          />
          <PassphraseForm
            title="lockRemove"
            busy="lockRemoving"
            heading
            danger
            fields={[{ name: 'current', label: 'passphraseCurrent' }]}
            submit={({ current }) => lock.run('lock.remove', { current: current ?? '' })}
            onDone={said(t('lockRemoveDone'))}
          >
            <p class="muted">{t('lockRemoveNote')}</p>
          </PassphraseForm>
        </>
      )}
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
    </section>
  );
}
