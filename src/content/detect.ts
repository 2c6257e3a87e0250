import type { Detection, OctoPrintPage } from '../shared/detection';

/**
 * Recognises an OctoPrint page from its DOM (markers observed on OctoPrint 1.11.8, protocols.md and
 * the real pages in shared/fixtures). On any other page this costs three id look-ups and one
 * attribute read, then stops.
 */
export function detectOctoPrint(doc: Document, url: string): Detection | null {
  const byId = (id: string) => doc.getElementById(id);
  const version = doc.documentElement.getAttribute('data-octoprint-version') ?? undefined;
  const main = byId('page-container-main');
  const authGrant = byId('auth-grant');
  const loginUser = byId('login-user');
  if (!version && !main && !authGrant && !loginUser) return null;
  // An id alone could be anyone's: OctoPrint's own bundles (or the 1.11+ version attribute) confirm it.
  if (!version && !doc.querySelector('script[src*="/static/webassets/packed_"]')) return null;

  let page: OctoPrintPage | null = null;
  if (authGrant && byId('auth-reject')) page = 'auth-dialog';
  else if (loginUser && byId('login-password')) page = 'login';
  else if (main) page = settingsPage(doc) ?? 'main';
  if (!page) return null;
  const found: Detection = { kind: 'octoprint', page, url };
  if (version) found.version = version.slice(0, 40);
  const request = page === 'auth-dialog' ? '' : accessRequest(doc);
  if (request !== undefined) found.accessRequest = request;
  return found;
}

/** The app named by a showing "Access Request" notice (OctoPrint's PNotify), '' if unnamed; undefined if none. */
export function accessRequest(doc: Document): string | undefined {
  for (const notice of doc.querySelectorAll('.ui-pnotify')) {
    if (notice.querySelector('.ui-pnotify-title')?.textContent?.trim() !== 'Access Request') continue;
    return (notice.querySelector('.ui-pnotify-text strong')?.textContent ?? '').trim().slice(0, 200);
  }
  return undefined;
}

/** Is this click on Allow/Deny, in the notice or on the auth dialog? KeyDeck only watches; it never clicks. */
export function isDecisionClick(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('#auth-grant, #auth-reject')) return true;
  const button = target.closest('.ui-pnotify button');
  const title = button?.closest('.ui-pnotify')?.querySelector('.ui-pnotify-title')?.textContent?.trim();
  return title === 'Access Request' && /^(Allow|Deny)$/.test(button?.textContent?.trim() ?? '');
}

function settingsPage(doc: Document): OctoPrintPage | null {
  if (!doc.querySelector('#settings_dialog.in, #usersettings_dialog.in')) return null;
  const appkeys = doc.querySelector('#settings_plugin_appkeys.active, #usersettings_plugin_appkeys.active');
  return appkeys ? 'appkeys' : 'settings';
}
