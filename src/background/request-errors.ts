/** The part of a `webRequest.onErrorOccurred` event read here. */
export interface RequestErrorDetails {
  url: string;
  error: string;
}

/** Only KeyDeck's own background requests (no tab) over https: where a certificate can fail. */
export const REQUEST_ERROR_FILTER = { urls: ['https://*/*'], types: ['xmlhttprequest' as const], tabId: -1 };

const KEEP_MS = 60_000;
const MAX_ENTRIES = 50;

/**
 * What the browser said about KeyDeck's failed requests (`net::ERR_CERT_AUTHORITY_INVALID`, or
 * Firefox's "The certificate is not trusted because it is self-signed."). `fetch` only ever says
 * "TypeError"; webRequest says why, a few milliseconds after the fetch has failed (seen in both
 * browsers), so a caller waits a bounded while for it.
 */
export function createRequestErrors(now: () => number = Date.now) {
  const seen = new Map<string, { said: string; at: number }>();
  const waiters = new Set<(url: string, said: string) => void>();

  return {
    /** The webRequest listener. */
    record(details: RequestErrorDetails): void {
      const url = normalise(details.url);
      if (url === null) return;
      seen.delete(url);
      seen.set(url, { said: details.error, at: now() });
      for (const [key, entry] of seen) if (seen.size > MAX_ENTRIES || now() - entry.at > KEEP_MS) seen.delete(key);
      for (const waiter of waiters) waiter(url, details.error);
    },

    /** What the browser said about a request to `url` that failed at or after `since`; undefined if nothing within `waitMs`. */
    said(rawUrl: string, since: number, waitMs: number): Promise<string | undefined> {
      const url = normalise(rawUrl);
      if (url === null) return Promise.resolve(undefined);
      const known = seen.get(url);
      if (known && known.at >= since) return Promise.resolve(known.said);
      return new Promise((resolve) => {
        const waiter = (failed: string, said: string) => failed === url && done(said);
        const timer = setTimeout(() => done(undefined), waitMs);
        const done = (said: string | undefined) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(said);
        };
        waiters.add(waiter);
      });
    },
  };
}

export type RequestErrors = ReturnType<typeof createRequestErrors>;

function normalise(url: string): string | null {
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}
