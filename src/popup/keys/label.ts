import type { CredentialView } from '../../shared/credential';
import { hostOf } from './search';

/** What a key is called: its app, or an OctoEverywhere connection's printer name. */
export function titleOf(credential: CredentialView): string {
  return credential.details?.printer ?? credential.app;
}

/**
 * The row's accessible name, unique across servers: "OctoPrint · Cura · octopi.local". Buttons in
 * the row are named after it ("Copy OctoPrint · Cura · octopi.local"). Not the user name: a server
 * reports that one, and a server must not choose what KeyDeck's buttons are called.
 */
export function rowLabel(credential: CredentialView, providerLabel: (id: string) => string): string {
  return [providerLabel(credential.provider), titleOf(credential), hostOf(credential.serviceUrl)].join(' · ');
}
