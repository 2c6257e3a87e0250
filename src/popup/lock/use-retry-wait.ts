import { useEffect, useState } from 'preact/hooks';
import { useLock } from './lock-context';

/** Whole seconds until the background takes another passphrase (0: now), counting down on screen. */
export function useRetryWait(): number {
  const { retryAt } = useLock();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (retryAt <= Date.now()) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= retryAt) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [retryAt]);
  return Math.max(0, Math.ceil((retryAt - now) / 1000));
}
