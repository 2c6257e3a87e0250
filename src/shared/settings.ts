import * as v from 'valibot';
import { t } from './i18n';

export const CLIPBOARD_CLEAR_MIN_S = 5;
export const CLIPBOARD_CLEAR_MAX_S = 600;

const HttpUrl = v.pipe(v.string(), v.maxLength(2048), v.regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, () => t('errSettingHttpUrl')));

export const SettingsSchema = v.object({
  /** Seconds after a copy until the clipboard is cleared (only if it still holds that key). */
  clipboardClearSeconds: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(CLIPBOARD_CLEAR_MIN_S),
    v.maxValue(CLIPBOARD_CLEAR_MAX_S),
  ),
  /** Opt-in: look for OctoPrint on every site, not only on servers KeyDeck holds keys for. */
  detectEverywhere: v.boolean(),
  /** OctoEverywhere App Portal: its base URL and the app id it knows KeyDeck by (a self-hosted or test portal works too). */
  portalUrl: HttpUrl,
  portalAppId: v.pipe(v.string(), v.minLength(1), v.maxLength(100), v.regex(/^[\w.-]+$/)),
  /** The CoCalc server for the legacy key hand-over. */
  cocalcUrl: HttpUrl,
  /** Warn this many days before a key expires (toolbar badge and popup). */
  expiryWarningDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(365)),
  /** With the passphrase lock on: lock after this many minutes without using a secret. */
  autoLockMinutes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 60)),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  clipboardClearSeconds: 30,
  detectEverywhere: false,
  portalUrl: 'https://octoeverywhere.com',
  portalAppId: 'devtest', // OctoEverywhere's public test id: a registered id replaces it
  cocalcUrl: 'https://cocalc.com',
  expiryWarningDays: 7,
  autoLockMinutes: 15,
};
