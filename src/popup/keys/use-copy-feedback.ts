import { useEffect, useState } from 'preact/hooks';

/** How long a Copy button says "Copied": long enough to see, short enough to copy again. */
export const COPIED_MS = 1500;

/** A button's own "Copied" moment: `done()` after a copy; `copied` turns back by itself. */
export function useCopyFeedback(): { copied: boolean; done(): void } {
  const [copiedAt, setCopiedAt] = useState<number | null>(null);
  useEffect(() => {
    if (copiedAt === null) return;
    const timer = setTimeout(() => setCopiedAt(null), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copiedAt]);
  return { copied: copiedAt !== null, done: () => setCopiedAt(Date.now()) };
}
