/**
 * The port every KeyDeck page (the popup, its full-tab views) holds open to the background while it
 * is shown: how the background knows a key that arrives is being seen (background/arrival-badge.ts).
 */
export const POPUP_PORT = 'keydeck.popup-open';
