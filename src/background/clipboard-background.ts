import { t } from '../shared/i18n';
import { KeyDeckError } from '../shared/errors';
import { CLIPBOARD_ALARM, type Clipboard } from './clipboard';
import { fingerprint } from './fingerprint';
import type { StoredItem } from '../storage';

export interface BackgroundClipboardDeps {
  clipboard: { writeText(text: string): Promise<void>; readText(): Promise<string> };
  /** The `clipboardPending` storage item: a hash of the copied key and when to clear it. */
  pending: StoredItem<{ fingerprint: string; due: number } | null>;
  alarms: { create(name: string, info: { when: number }): void; clear(name: string): Promise<boolean> };
  now?: () => number;
  /** Told after a clear (the popup, if open, says "Clipboard cleared"). */
  onCleared?: () => void;
}

/**
 * Firefox: the background is an event page with a DOM clipboard. A timer clears on time; an alarm
 * backs it up in case the page was unloaded meanwhile. Only a hash of the key is kept meanwhile.
 */
export function createBackgroundClipboard({ clipboard, pending: pendingItem, alarms, now = Date.now, onCleared = () => undefined }: BackgroundClipboardDeps): Clipboard {
  async function clearIfStillHeld(): Promise<void> {
    const pending = await pendingItem.get();
    if (!pending || now() < pending.due) return;
    await pendingItem.remove();
    await alarms.clear(CLIPBOARD_ALARM);
    const current = await clipboard.readText().catch(() => '');
    if (current && (await fingerprint(current)) === pending.fingerprint) {
      await clipboard.writeText('');
      onCleared();
    }
  }

  return {
    async copyThenClear(text, clearAfterMs) {
      try {
        await clipboard.writeText(text);
      } catch {
        throw new KeyDeckError('clipboard', t('errCopyFailed'));
      }
      const due = now() + clearAfterMs;
      await pendingItem.set({ fingerprint: await fingerprint(text), due });
      alarms.create(CLIPBOARD_ALARM, { when: due });
      setTimeout(() => void clearIfStillHeld(), clearAfterMs);
    },
    onAlarm: (name) => (name === CLIPBOARD_ALARM ? clearIfStillHeld() : Promise.resolve()),
  };
}
