import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';

/**
 * Says something once: to screen readers through ONE live region that exists from the popup's first
 * paint (a region created at the moment it speaks is often not read), and on screen as a toast pinned
 * to the viewport, gone after a few seconds. The same text said twice is read twice.
 */
export type Announce = (text: string, options?: AnnounceOptions) => void;

export interface AnnounceOptions {
  /** false: for screen readers only (the text is already on screen, e.g. on the button clicked). */
  toast?: boolean;
  /** 'error' styles the toast as a failure; the live region stays polite either way. */
  tone?: 'info' | 'error';
}

interface Said {
  text: string;
  toast: boolean;
  tone: 'info' | 'error';
  /** Counts announcements: a new node per announcement is what makes a repeat heard. */
  seq: number;
}

/** How long a toast stays: long enough to read two short sentences. */
export const TOAST_MS = 4000;

const AnnounceContext = createContext<Announce | null>(null);

/** The announcer for components below; throws outside <AnnouncerProvider> (a silent no-op would hide bugs). */
export function useAnnounce(): Announce {
  const announce = useContext(AnnounceContext);
  if (!announce) throw new TypeError('useAnnounce() outside <AnnouncerProvider>');
  return announce;
}

export function AnnouncerProvider({ children }: { children: ComponentChildren }) {
  const [said, setSaid] = useState<Said | null>(null);
  const [toastVisible, setToastVisible] = useState(false);

  const announce = useCallback<Announce>((text, options = {}) => {
    const toast = options.toast ?? true;
    setSaid((last) => ({ text, toast, tone: options.tone ?? 'info', seq: (last?.seq ?? 0) + 1 }));
    setToastVisible(toast);
  }, []);

  // Each toast gets its full time, counted from its own announcement.
  useEffect(() => {
    if (!said?.toast) return;
    const timer = setTimeout(() => setToastVisible(false), TOAST_MS);
    return () => clearTimeout(timer);
  }, [said]);

  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {said && <span key={said.seq}>{said.text}</span>}
      </div>
      {/* The live region above speaks; the toast is for the eyes only, so it is not read twice. */}
      {said && toastVisible && (
        // A click on it puts it away early (it may cover the last row).
        <div class={`toast ${said.tone}`} aria-hidden="true" onClick={() => setToastVisible(false)}>
          {said.text}
        </div>
      )}
    </AnnounceContext.Provider>
  );
}
