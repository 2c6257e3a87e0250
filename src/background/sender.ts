import type { Runtime } from 'webextension-polyfill';

export type SenderKind = 'extension-page' | 'content-script' | 'foreign';

/**
 * Who sent a message. Extension pages (popup, offscreen document) are recognised by their URL's
 * prefix (the extension's base URL); a content script by running in a web page's tab. Anything else is foreign.
 */
export function classifySender(sender: Runtime.MessageSender, extensionId: string, extensionBase: string): SenderKind {
  if (sender.id !== extensionId) return 'foreign';
  const url = sender.url ?? '';
  if (url.startsWith(extensionBase)) return 'extension-page';
  if (sender.tab?.id !== undefined && /^https?:\/\//.test(url)) return 'content-script';
  return 'foreign';
}
