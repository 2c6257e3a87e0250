import { useEffect, useRef } from 'preact/hooks';

/**
 * Escape, for whatever is open at the popup's level (a panel, the add form): `close` runs and the key
 * is consumed, unless something inside already handled it (a menu or a confirmation calls
 * `preventDefault()` on its own Escape, so one press closes one thing). `close` returning false means
 * nothing was open: the key is left to the browser (Chrome then closes the popup itself).
 */
export function useEscape(close: () => boolean) {
  const latest = useRef(close);
  latest.current = close;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
      if (latest.current()) event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
