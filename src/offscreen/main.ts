import type { Runtime } from 'webextension-polyfill';
import browser from 'webextension-polyfill';
import * as v from 'valibot';
import { CLIPBOARD_CLEARED } from '../shared/clipboard-cleared';
import { OffscreenCopySchema, OffscreenFetchSchema } from '../shared/offscreen';
import { copyThenClear } from './clipboard';
import { fetchInWorker } from './fetch';

/**
 * Chrome's offscreen document: what the service worker cannot do itself — the clipboard, and
 * requests to a server whose certificate the user accepted in a tab. Only KeyDeck's own background
 * (not a tab, not another extension) is answered, and only messages that parse.
 */
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id || sender.tab) return undefined;
  const copy = v.safeParse(OffscreenCopySchema, message);
  // An open popup says "Clipboard cleared"; with none open nobody listens, and that is fine.
  const cleared = () => void browser.runtime.sendMessage(CLIPBOARD_CLEARED).catch(() => undefined);
  if (copy.success) return Promise.resolve(copyThenClear(copy.output.text, copy.output.clearAfterMs, cleared));
  const request = v.safeParse(OffscreenFetchSchema, message);
  if (request.success) return fetchInWorker(request.output.request);
  return undefined; // not for this document: let others answer
});
