import { useEffect, useState } from 'preact/hooks';
import { CLIPBOARD_CLEAR_MAX_S, CLIPBOARD_CLEAR_MIN_S, type Settings } from '../shared/settings';
import { messageOf, useApi } from './api';
import { EVERYWHERE } from '../shared/detection';
import { withoutTrailingSlash } from '../shared/validation';
import { t } from './i18n';
import { WithLock } from './lock/lock-context';
import { LockSettings } from './lock/LockSettings';
import { BackupSection } from './backup/BackupSection';


export function SettingsPanel({ onClose }: { onClose: () => void }) {
  const api = useApi();
  const { send } = api;
  const [settings, setSettings] = useState<Settings | null>(null);
  const [seconds, setSeconds] = useState('');
  const [addresses, setAddresses] = useState({ portalUrl: '', portalAppId: '', cocalcUrl: '' });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    send('settings.get', {})
      .then((loaded) => {
        setSettings(loaded);
        setSeconds(String(loaded.clipboardClearSeconds));
        setAddresses({ portalUrl: loaded.portalUrl, portalAppId: loaded.portalAppId, cocalcUrl: loaded.cocalcUrl });
      })
      .catch((error: unknown) => setMessage({ text: messageOf(error), error: true }));
  }, []);

  const save = async (patch: Partial<Settings>) => {
    try {
      setSettings(await send('settings.update', patch));
      setMessage({ text: t('settingsSaved'), error: false });
    } catch (error) {
      setMessage({ text: messageOf(error), error: true });
    }
  };

  const saveSeconds = (event: Event) => {
    event.preventDefault();
    const value = Number(seconds);
    if (!Number.isInteger(value) || value < CLIPBOARD_CLEAR_MIN_S || value > CLIPBOARD_CLEAR_MAX_S) {
      setMessage({ text: t('clearDelayRange', String(CLIPBOARD_CLEAR_MIN_S), String(CLIPBOARD_CLEAR_MAX_S)), error: true });
      return;
    }
    void save({ clipboardClearSeconds: value });
  };

  const toggleEverywhere = (on: boolean) => {
    if (!on) return void save({ detectEverywhere: false });
    // Requested inside the click; declining leaves the setting off.
    void api.requestOrigins(EVERYWHERE).then((granted) =>
        granted ? save({ detectEverywhere: true }) : setMessage({ text: t('permissionDeclined'), error: true }),
      );
  };

  return (
    <section class="settings" aria-label={t('settings')}>
      <h2>{t('settings')}</h2>
      {settings && (
        <>
          <WithLock>
            <LockSettings settings={settings} save={(patch) => void save(patch)} />
          </WithLock>
          <form onSubmit={saveSeconds} noValidate>
            <label>
              {t('clearDelay')}
              <input
                type="number"
                min={CLIPBOARD_CLEAR_MIN_S}
                max={CLIPBOARD_CLEAR_MAX_S}
                value={seconds}
                onInput={(event) => setSeconds(event.currentTarget.value)}
              />
            </label>
            <button type="submit">{t('save')}</button>
          </form>
          <label>
            {t('expiryWarningDays')}
            <input
              type="number"
              min={0}
              max={365}
              value={settings.expiryWarningDays}
              onChange={(event) => {
                const days = Number(event.currentTarget.value);
                if (Number.isInteger(days) && days >= 0 && days <= 365) void save({ expiryWarningDays: days });
              }}
            />
          </label>
          <label class="check">
            <input
              type="checkbox"
              checked={settings.detectEverywhere}
              onChange={(event) => toggleEverywhere(event.currentTarget.checked)}
            />
            {t('detectEverywhere')}
          </label>
          <p class="muted">{t('detectEverywhereHelp')}</p>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void save({ ...addresses, portalUrl: withoutTrailingSlash(addresses.portalUrl.trim()), cocalcUrl: withoutTrailingSlash(addresses.cocalcUrl.trim()) });
            }}
          >
            {(['portalUrl', 'portalAppId', 'cocalcUrl'] as const).map((name) => (
              <label key={name}>
                {t(name)}
                <input
                  type="text"
                  value={addresses[name]}
                  onInput={(event) => setAddresses({ ...addresses, [name]: event.currentTarget.value })}
                />
              </label>
            ))}
            <button type="submit">{t('saveAddresses')}</button>
          </form>
        </>
      )}
      <BackupSection />
      {message && (
        <p class={message.error ? 'error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <button type="button" onClick={onClose}>
        {t('back')}
      </button>
    </section>
  );
}
