/**
 * A KeyDeck page that opens connects a port of this name to the background, which marks keys
 * arrived so far as seen (the toolbar badge, background/arrival-badge.ts), answers SEEN, and the
 * page lets go: a port held open would keep Firefox's event page (and a waking worker) running.
 */
export const POPUP_PORT = 'keydeck.popup-open';
export const SEEN = 'seen';
