import type { CredentialView } from '../../shared/credential';
import { hostOf } from './search';

/** What a key is called: its app, or an OctoEverywhere connection's printer name. */
export function titleOf(credential: CredentialView): string {
  return credential.details?.printer ?? credential.app;
}

/**
 * The row's accessible name, unique across servers: "OctoPrint · Cura · octopi.local · alice".
 * Buttons in the row are named after it ("Copy OctoPrint · Cura · octopi.local").
 */
export function rowLabel(credential: CredentialView, providerLabel: (id: string) => string): string {
  const parts = [providerLabel(credential.provider), titleOf(credential), hostOf(credential.serviceUrl)];
  if (credential.user) parts.push(credential.user);
  return parts.join(' · ');
}
