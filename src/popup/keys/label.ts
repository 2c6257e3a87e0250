import type { CredentialView } from '../../shared/credential';
import { hostOf } from './search';

/** What a key is called: its app, or an OctoEverywhere connection's printer name. */
export function titleOf(credential: CredentialView): string {
  return credential.details?.printer ?? credential.app;
}

/**
 * The row's accessible name, unique across servers: "OctoPrint · Cura · octopi.local". Buttons in
 * the row are named after it ("Copy OctoPrint · Cura · octopi.local"). Neither the user nor the
 * printer name: a server reports those, and a server must not choose what KeyDeck's buttons are
 * called (the app name is the user's; the row shows it too).
 */
export function rowLabel(credential: CredentialView, providerLabel: (id: string) => string): string {
  return [providerLabel(credential.provider), credential.app, hostOf(credential.serviceUrl)].join(' · ');
}
