// HTML of the OctoEverywhere-like App Portal. The real portal is an app-like flow
// (welcome, sign-in, printer choice, authorize; OE docs/app-connections/portal.md "User Flow");
// the simulator folds it into one start page with a real form, so a browser test clicks
// `#sign-in` and the form POST answers with the finish redirect. No external resources:
// the app logo URL is shown as text, never loaded.
import { escapeHtml, page } from './http';
import type { PortalPrinter } from './types';

export const PORTAL_TITLE = 'OctoEverywhere App Portal';
export const COMPLETE_TITLE = 'OctoEverywhere App Portal – Complete';
export const COMPLETE_TEXT = 'You can close this page';

const STYLE = '<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}' +
  'button{font-size:1.1rem;padding:.5rem 1.5rem}.error{color:#a00}</style>\n';

export interface StartPageModel {
  session: string;
  appId: string;
  appLogoUrl: string | null;
  appName: string | null;
  printers: readonly PortalPrinter[];
  selectedPrinterId: string;
  actionPath: string;
}

export function startPage(m: StartPageModel): string {
  const options = m.printers
    .map((p) => `<option value="${escapeHtml(p.id)}"${p.id === m.selectedPrinterId ? ' selected' : ''}>${escapeHtml(p.name)}</option>`)
    .join('\n');
  const logo = m.appLogoUrl === null ? '' : `<p id="app-logo" data-logo-url="${escapeHtml(m.appLogoUrl)}">App logo: ${escapeHtml(m.appLogoUrl)}</p>\n`;
  const key = m.appName === null
    ? '<p id="api-key-request" hidden></p>\n'
    : `<p id="api-key-request">The app also asks for an OctoPrint API key named “${escapeHtml(m.appName)}”.</p>\n`;
  const body =
    `<main id="portal" data-app-id="${escapeHtml(m.appId)}">\n<h1>${PORTAL_TITLE}</h1>\n${logo}` +
    `<p>The app <strong id="app-id">${escapeHtml(m.appId)}</strong> wants remote access to your printer.</p>\n${key}` +
    `<form id="portal-form" method="post" action="${escapeHtml(m.actionPath)}">\n` +
    `<input type="hidden" name="session" value="${escapeHtml(m.session)}">\n` +
    `<label for="printer">Printer</label>\n<select id="printer" name="printerId">\n${options}\n</select>\n` +
    '<p><button id="sign-in" type="submit">Sign in</button></p>\n</form>\n</main>';
  return page(PORTAL_TITLE, body, STYLE);
}

export function errorPage(message: string): string {
  return page(PORTAL_TITLE, `<main>\n<h1>${PORTAL_TITLE}</h1>\n<p id="error" class="error">${escapeHtml(message)}</p>\n</main>`, STYLE);
}

/** The default completion page (OE: `…/appportal/v1/complete`). It never echoes the query. */
export function completePage(): string {
  return page(COMPLETE_TITLE, `<main id="complete">\n<h1>${PORTAL_TITLE}</h1>\n<p>${COMPLETE_TEXT}.</p>\n</main>`, STYLE);
}
