import * as v from 'valibot';
import { OffscreenFetchReplySchema, type OffscreenFetch, type OffscreenFetchReply, type OffscreenRequest } from '../shared/offscreen';
import { ensureOffscreenDocument, type ChromeOffscreenApi } from './offscreen-document';

/** Makes one request from an extension page instead of the service worker. */
export type PageFetch = (request: OffscreenRequest) => Promise<OffscreenFetchReply>;

/*
 * No offscreen reason names "make a request": the document runs the request in a dedicated worker it
 * starts (src/offscreen/fetch-worker.ts), so 'WORKERS' is what it does. Chrome enforces no reason but
 * AUDIO_PLAYBACK's lifetime; the justification says why.
 */
const WHY = {
  reasons: ['WORKERS'],
  justification:
    'Retry a request to the user’s server whose self-signed certificate the user accepted in a tab: Chrome applies that exception to extension pages and their workers, not to the service worker.',
};

/** Chrome: the request goes to the offscreen document, whose worker makes it; its reply is checked here. */
export function createOffscreenFetch(chrome: ChromeOffscreenApi): PageFetch {
  return async (request) => {
    const message: OffscreenFetch = { target: 'offscreen', type: 'fetch', request };
    // The document may close itself between the check and the message: one retry covers that race,
    // for a GET only (a POST that may have gone out is never sent twice).
    for (let attempt = 0; attempt < (request.method === 'GET' ? 2 : 1); attempt++) {
      await ensureOffscreenDocument(chrome, WHY);
      const answer: unknown = await chrome.runtime.sendMessage(message).catch(() => undefined);
      if (answer === undefined) continue;
      const reply = v.safeParse(OffscreenFetchReplySchema, answer);
      return reply.success ? reply.output : { ok: false, error: 'network' };
    }
    return { ok: false, error: 'network' };
  };
}
