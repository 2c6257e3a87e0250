/** Puts a key on the clipboard and clears it later, but only if the clipboard still holds that key. */
export interface Clipboard {
  copyThenClear(text: string, clearAfterMs: number): Promise<void>;
  /** Called when the clipboard alarm fires (the worker may have slept since the copy). */
  onAlarm(name: string): Promise<void>;
}

export const CLIPBOARD_ALARM = 'keydeck-clear-clipboard';
