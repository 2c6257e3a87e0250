import { withoutTrailingSlash } from '../../shared/validation';

/**
 * The JWT of a sign-in to FDM Monster, per server, in the background's memory only — FDM Monster's
 * counterpart of the session cookie the browser keeps for Conduce. It is never stored: a stopped
 * background forgets it (sign in again), and FDM Monster's own expiry (an hour) is told by its 401.
 * Only the account actions (make, list, delete API keys) use it; sending printers uses a held key.
 */
const signedIn = new Map<string, string>();

export const fdmSessions = {
  set: (serverUrl: string, jwt: string) => void signedIn.set(withoutTrailingSlash(serverUrl), jwt),
  get: (serverUrl: string): string | undefined => signedIn.get(withoutTrailingSlash(serverUrl)),
  forget: (serverUrl: string) => void signedIn.delete(withoutTrailingSlash(serverUrl)),
};
