import { KeyDeckError } from '../shared/errors';
import { CLIPBOARD_ALARM, type Clipboard } from './clipboard';
import { fingerprint } from './fingerprint';
import type { StorageArea } from './storage-area';

const PENDING_KEY = 'clipboardPending';

interface Pending {
  fingerprint: string;
  due: number;
}

export interface BackgroundClipboardDeps {
  clipboard: { writeText(text: string): Promise<void>; readText(): Promise<string> };
  session: StorageArea;
  alarms: { create(name: string, info: { when: number }): void; clear(name: string): Promise<boolean> };
  now?: () => number;
}

/**
 * Firefox: the background is an event page with a DOM clipboard. A timer clears on time; an alarm
 * backs it up in case the page was unloaded meanwhile. Only a hash of the key is kept meanwhile.
 */
export function createBackgroundClipboard({ clipboard, session, alarms, now = Date.now }: BackgroundClipboardDeps): Clipboard {
  async function clearIfStillHeld(): Promise<void> {
    const pending = (await session.get(PENDING_KEY))[PENDING_KEY] as Pending | undefined;
    if (!pending || now() < pending.due) return;
    await session.remove(PENDING_KEY);
    await alarms.clear(CLIPBOARD_ALARM);
    const current = await clipboard.readText().catch(() => '');
    if (current && (await fingerprint(current)) === pending.fingerprint) await clipboard.writeText('');
  }

  return {
    async copyThenClear(text, clearAfterMs) {
      try {
        await clipboard.writeText(text);
      } catch {
        throw new KeyDeckError('clipboard', 'The key could not be copied. Try Reveal and copy it by hand.');
      }
      const due = now() + clearAfterMs;
      await session.set({ [PENDING_KEY]: { fingerprint: await fingerprint(text), due } satisfies Pending });
      alarms.create(CLIPBOARD_ALARM, { when: due });
      setTimeout(() => void clearIfStillHeld(), clearAfterMs);
    },
    onAlarm: (name) => (name === CLIPBOARD_ALARM ? clearIfStillHeld() : Promise.resolve()),
  };
}
