import { useEffect, useState } from 'preact/hooks';
import { EVERYWHERE } from '../shared/detection';
import { CLIPBOARD_CLEAR_MAX_S, CLIPBOARD_CLEAR_MIN_S, type Settings } from '../shared/settings';
import { withoutTrailingSlash } from '../shared/validation';
import { messageOf, useApi } from './api';
import { BackupSection } from './backup/BackupSection';
import { t } from './i18n';
import { WithLock } from './lock/lock-context';
import { LockSettings } from './lock/LockSettings';
import { useAnnounce } from './shell/announcer';
import { AutoSaveField, type Parsed } from './shell/AutoSaveField';

const MAX_WARNING_DAYS = 365;

/** A whole number in [min, max], or the message saying that range. */
const wholeIn = (min: number, max: number, message: string) => (text: string): Parsed<number> => {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? { value } : { error: message };
};
const address = (text: string): Parsed<string> => ({ value: withoutTrailingSlash(text.trim()) });

/**
 * Settings save one way: each one on its own, when changed, with "Saved" beside it. What only
 * developers change (the OctoEverywhere portal and app id) waits under a collapsed Advanced.
 */
export function SettingsPanel({ onClose }: { onClose: () => void }) {
  const api = useApi();
  const { send } = api;
  const announce = useAnnounce();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    send('settings.get', {})
      .then(setSettings)
      .catch((error: unknown) => setProblem(messageOf(error)));
  }, []);

  /** Stores a change; a failure rejects with the message the field shows. */
  const store = async (patch: Partial<Settings>) => {
    try {
      setSettings(await send('settings.update', patch));
    } catch (error) {
      throw new Error(messageOf(error));
    }
  };
  // For the parts that show no "Saved" of their own (the lock's minutes, the checkbox): said in a toast.
  const save = (patch: Partial<Settings>) =>
    void store(patch)
      .then(() => announce(t('settingsSaved')))
      .catch((error: Error) => announce(error.message, { tone: 'error' }));

  const toggleEverywhere = (on: boolean) => {
    if (!on) return save({ detectEverywhere: false });
    // Requested inside the click; declining leaves the setting off.
    void api.requestOrigins(EVERYWHERE).then((granted) => (granted ? save({ detectEverywhere: true }) : announce(t('permissionDeclined'), { tone: 'error' })));
  };

  return (
    <section class="settings" aria-label={t('settings')}>
      <h2>{t('settings')}</h2>
      {problem && <p class="error">{problem}</p>}
      {settings && (
        <>
          <WithLock>
            <LockSettings settings={settings} save={save} />
          </WithLock>
          <AutoSaveField
            id="setting-clipboard"
            label={t('clearDelay')}
            kind="number"
            min={CLIPBOARD_CLEAR_MIN_S}
            max={CLIPBOARD_CLEAR_MAX_S}
            stored={String(settings.clipboardClearSeconds)}
            parse={wholeIn(CLIPBOARD_CLEAR_MIN_S, CLIPBOARD_CLEAR_MAX_S, t('clearDelayRange', String(CLIPBOARD_CLEAR_MIN_S), String(CLIPBOARD_CLEAR_MAX_S)))}
            save={(clipboardClearSeconds) => store({ clipboardClearSeconds })}
          />
          <AutoSaveField
            id="setting-warn-days"
            label={t('expiryWarningDays')}
            kind="number"
            min={0}
            max={MAX_WARNING_DAYS}
            stored={String(settings.expiryWarningDays)}
            parse={wholeIn(0, MAX_WARNING_DAYS, t('warningDaysRange', String(MAX_WARNING_DAYS)))}
            save={(expiryWarningDays) => store({ expiryWarningDays })}
          />
          <label class="check">
            <input type="checkbox" checked={settings.detectEverywhere} onChange={(event) => toggleEverywhere(event.currentTarget.checked)} />
            {t('detectEverywhere')}
          </label>
          <p class="muted">{t('detectEverywhereHelp')}</p>
          <AutoSaveField id="setting-cocalc" label={t('cocalcUrl')} stored={settings.cocalcUrl} parse={address} save={(cocalcUrl) => store({ cocalcUrl })} />
          <details class="advanced">
            <summary>{t('advanced')}</summary>
            <AutoSaveField id="setting-portal" label={t('portalUrl')} stored={settings.portalUrl} parse={address} save={(portalUrl) => store({ portalUrl })} />
            <AutoSaveField
              id="setting-app-id"
              label={t('portalAppId')}
              stored={settings.portalAppId}
              parse={(text) => ({ value: text.trim() })}
              save={(portalAppId) => store({ portalAppId })}
            />
          </details>
        </>
      )}
      <BackupSection />
      <button type="button" onClick={onClose}>
        {t('back')}
      </button>
    </section>
  );
}
