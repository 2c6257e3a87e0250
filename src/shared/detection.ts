/** What the content script reports about a page it recognises. Shared by content script and background. */
export const OCTOPRINT_PAGES = ['login', 'main', 'settings', 'appkeys', 'auth-dialog'] as const;
export type OctoPrintPage = (typeof OCTOPRINT_PAGES)[number];

export interface Detection {
  kind: 'octoprint';
  page: OctoPrintPage;
  /** From `data-octoprint-version` (OctoPrint 1.11+); absent on older servers. */
  version?: string;
  url: string;
  /** An "Access Request" notice is showing (OctoPrint waits for Allow/Deny): the app it names, or ''. */
  accessRequest?: string;
}

/** The content script's message types; kept here so the 2 KB content script imports no schema code. */
export const CONTENT_DETECTED = 'content.detected';
/** The user just clicked Allow or Deny in OctoPrint in this tab: poll now. */
export const CONTENT_DECISION = 'content.decision';

/** The host patterns of "Look for OctoPrint on every site" (an opt-in, asked for in Settings). */
export const EVERYWHERE = ['http://*/*', 'https://*/*'];
