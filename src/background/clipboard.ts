/** Puts a key on the clipboard and clears it later, but only if the clipboard still holds that key. */
export interface Clipboard {
  copyThenClear(text: string, clearAfterMs: number): Promise<void>;
  /** Called when the clipboard alarm fires (the worker may have slept since the copy). */
  onAlarm(name: string): Promise<void>;
}

export const CLIPBOARD_ALARM = 'keydeck-clear-clipboard';

export async function fingerprint(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
