import browser from 'webextension-polyfill';
import { originPattern } from '../shared/validation';

/**
 * Asks for access to these origins. Must be called synchronously inside a click handler (Firefox
 * refuses a request made after an await). Resolves false when declined or impossible.
 */
export function requestOrigins(origins: string[]): Promise<boolean> {
  return browser.permissions.request({ origins }).catch(() => false);
}

/** Access to one server's host (any port). */
export function requestHostAccess(serviceUrl: string): Promise<boolean> {
  return requestOrigins([originPattern(serviceUrl)]);
}
