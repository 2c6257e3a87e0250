import * as v from 'valibot';

/**
 * Background → offscreen document (Chrome only). The document is an extension page, never a web page.
 * Each message has one schema, parsed where it arrives; a reply is parsed where it returns.
 */
export const OFFSCREEN_PATH = 'src/offscreen/index.html';

/** Copy `text`, then clear the clipboard after `clearAfterMs` if it still holds it. Reply: `true` when copied. */
export const OffscreenCopySchema = v.object({
  target: v.literal('offscreen'),
  type: v.literal('clipboard.copy'),
  text: v.string(),
  clearAfterMs: v.pipe(v.number(), v.minValue(0)),
});
export type OffscreenCopy = v.InferOutput<typeof OffscreenCopySchema>;

const HttpsUrl = v.pipe(v.string(), v.maxLength(4096), v.url(), v.startsWith('https://'));
const Headers = v.record(v.pipe(v.string(), v.maxLength(256)), v.pipe(v.string(), v.maxLength(8192)));

/**
 * One request the service worker could not make because Chrome does not apply a user's certificate
 * exception to it, made again from an extension page (where Chrome does). https only: nothing else
 * fails that way. The page answers with OffscreenFetchReplySchema.
 */
export const OffscreenFetchSchema = v.object({
  target: v.literal('offscreen'),
  type: v.literal('fetch'),
  request: v.object({
    method: v.picklist(['GET', 'POST']),
    url: HttpsUrl,
    headers: Headers,
    body: v.optional(v.pipe(v.string(), v.maxLength(1024 * 1024))),
    credentials: v.picklist(['omit', 'include']),
    timeoutMs: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60_000)),
  }),
});
export type OffscreenFetch = v.InferOutput<typeof OffscreenFetchSchema>;
export type OffscreenRequest = OffscreenFetch['request'];

/** Response headers KeyDeck reads (the poll URL, basic auth in front, the body's type); no others travel. */
export const REPLY_HEADERS = ['content-type', 'location', 'www-authenticate'] as const;

/**
 * The answer: a status (0 for a redirect, which is never followed), the headers above and the body
 * as text (capped: servers' answers here are small JSON); or the network failed again (`timeout`
 * when it took too long).
 */
export const OffscreenFetchReplySchema = v.variant('ok', [
  v.object({
    ok: v.literal(true),
    status: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(599)),
    headers: v.record(v.picklist(REPLY_HEADERS), v.pipe(v.string(), v.maxLength(8192))),
    body: v.pipe(v.string(), v.maxLength(4 * 1024 * 1024)),
  }),
  v.object({ ok: v.literal(false), error: v.picklist(['network', 'timeout']) }),
]);
export type OffscreenFetchReply = v.InferOutput<typeof OffscreenFetchReplySchema>;
