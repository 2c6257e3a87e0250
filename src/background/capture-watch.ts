import type { WatchedTab } from '../shared/capture';
import { isCocalcHandOver } from './finish-page';

/**
 * When a watched hand-over tab may still hand credentials over (issue 9, findings 1 and 5). A
 * finish address is captured only when the navigation to it was started by a page of the
 * hand-over's own origin (the portal, or the CoCalc server) in that tab, within 15 minutes. The
 * watch ends for good at the first finish address (captured or not), at any page of another
 * origin, at a page whose address the browser hides from KeyDeck, and after 15 minutes.
 */
export const WATCH_MS = 15 * 60_000;

/** Not yet started or older than WATCH_MS (a clock set back counts too: fail closed). */
export function expired(entry: WatchedTab, now: number): boolean {
  const age = now - entry.startedAt;
  return !(age >= 0 && age < WATCH_MS);
}

/** When the last live watch expires; `undefined` when none is live. */
export function lastExpiry(tabs: Record<string, WatchedTab>, now: number): number | undefined {
  const live = Object.values(tabs).filter((entry) => !expired(entry, now));
  return live.length ? Math.max(...live.map((entry) => entry.startedAt + WATCH_MS)) : undefined;
}

/** `url` is the finish page at exactly `returnUrl`'s origin and path, with a query. */
export function isFinishOf(url: string, returnUrl: string): boolean {
  try {
    const seen = new URL(url);
    const expected = new URL(returnUrl);
    return seen.origin === expected.origin && seen.pathname === expected.pathname && seen.search.length > 1;
  } catch {
    return false;
  }
}

/** The address that hands this watch's credentials over. */
export function isFinishFor(entry: Pick<WatchedTab, 'kind' | 'returnUrl'>, url: string): boolean {
  return entry.kind === 'portal' ? isFinishOf(url, entry.returnUrl ?? '') : isCocalcHandOver(url);
}

export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** The portal's (or CoCalc server's) origin, and its https upgrade (HTTPS-only modes rewrite http). */
export function trustedOrigins(entry: Pick<WatchedTab, 'serviceUrl' | 'returnUrl'>): Set<string> {
  const origins = [entry.serviceUrl, entry.returnUrl ?? ''].map(originOf).filter((o): o is string => o !== null);
  return new Set(origins.flatMap((o) => (o.startsWith('http://') ? [o, `https://${o.slice('http://'.length)}`] : [o])));
}

const trusted = (entry: WatchedTab, origin: string | null) => origin !== null && trustedOrigins(entry).has(origin);

/**
 * A top-level request in a watched tab, seen before it is sent (webRequest.onBeforeRequest):
 * `capture` a finish address whose navigation the hand-over's own origin started, `stay` on its own
 * pages, `end` anything else — the finish address started by any other page, typed, or bookmarked
 * (no initiator) included. `initiator` is the origin of the page that started the navigation
 * (Chrome's `initiator`; Firefox's `originUrl`, reduced to its origin), undefined when there is none
 * or the browser hides it (Chrome does for an origin KeyDeck has no access to).
 */
export type RequestStep = 'capture' | 'stay' | 'end';

export function onRequest(entry: WatchedTab, url: string, initiator: string | undefined): RequestStep {
  if (isFinishFor(entry, url)) return trusted(entry, initiator ?? null) ? 'capture' : 'end';
  return trusted(entry, originOf(url)) ? 'stay' : 'end';
}

/**
 * What the tab's shown address means (tabs.onUpdated): `stay` on the hand-over's own pages, `wait`
 * on a new tab's blank start, `end` anything else. A finish address shown in the tab is `end` too:
 * a finish address is only ever captured from its request, before the page loads.
 */
export type Step = 'stay' | 'wait' | 'end';

export function step(entry: WatchedTab, url: string): Step {
  if (url === '' || url === 'about:blank') return 'wait';
  if (isFinishFor(entry, url)) return 'end';
  return trusted(entry, originOf(url)) ? 'stay' : 'end';
}
