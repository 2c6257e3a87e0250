import { useState } from 'preact/hooks';
import { messageOf } from '../api';

export type BackupMessage = { text: string; error: boolean };

/** Export's and Import's one action at a time: busy while it runs, then what it says, or why it failed. */
export function useBackupAction() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<BackupMessage | null>(null);
  const fail = (error: unknown) => setMessage({ text: messageOf(error), error: true });
  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ text: await action(), error: false });
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, setMessage, fail, run };
}
