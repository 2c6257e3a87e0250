import * as v from 'valibot';

export const CLIPBOARD_CLEAR_MIN_S = 5;
export const CLIPBOARD_CLEAR_MAX_S = 600;

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
});

export type Settings = v.InferOutput<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = { clipboardClearSeconds: 30, detectEverywhere: false };
