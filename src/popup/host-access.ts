import browser from 'webextension-polyfill';
import { originPattern } from '../shared/validation';

/**
 * Asks for access to one server. Must be called synchronously inside a click handler (Firefox
 * refuses a request made after an await). Resolves false when declined or impossible.
 */
export function requestHostAccess(serviceUrl: string): Promise<boolean> {
  return browser.permissions.request({ origins: [originPattern(serviceUrl)] }).catch(() => false);
}
