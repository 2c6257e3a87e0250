/**
 * Said to open extension pages (the popup) when KeyDeck has just cleared a key it copied from the
 * clipboard: by Chrome's offscreen document, or Firefox's background. Carries nothing else.
 */
export const CLIPBOARD_CLEARED = { target: 'popup', type: 'clipboard.cleared' } as const;

export function isClipboardCleared(message: unknown): boolean {
  const m = message as { target?: unknown; type?: unknown } | null;
  return typeof m === 'object' && m !== null && m.target === CLIPBOARD_CLEARED.target && m.type === CLIPBOARD_CLEARED.type;
}
