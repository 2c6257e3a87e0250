import type { WatchedTab } from '../shared/capture';
import { isCocalcHandOver } from './finish-page';

/**
 * When a watched hand-over tab may still hand credentials over (issue 9, finding 1). A watch ends
 * for good after 15 minutes, or as soon as the tab shows anything but the hand-over's own origins:
 * from then on any page could steer it to the real finish address, so it is only *offered*.
 */
export const WATCH_MS = 15 * 60_000;

/** Not yet started or older than WATCH_MS (a clock set back counts too: fail closed). */
export function expired(entry: WatchedTab, now: number): boolean {
  const age = now - entry.startedAt;
  return !(age >= 0 && age < WATCH_MS);
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

function originOf(url: string): string | null {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** The portal's (or CoCalc server's) origin, and its https upgrade (HTTPS-only modes rewrite http). */
function trusted(entry: WatchedTab): Set<string> {
  const origins = [entry.serviceUrl, entry.returnUrl ?? ''].map(originOf).filter((o): o is string => o !== null);
  return new Set(origins.flatMap((o) => (o.startsWith('http://') ? [o, `https://${o.slice('http://'.length)}`] : [o])));
}

/**
 * What the tab's new address means: `finish` (capture it), `stay` (one of the hand-over's own pages,
 * sign-in included), `wait` (no page yet: a new tab's blank start), `end` (anything else).
 * A page whose address the browser hides from KeyDeck (no host access) sends no address, so it
 * cannot end the watch: Firefox even reports its failed navigation to `https://authenticated` (the
 * CoCalc hand-over itself) as a hidden page first. Telling those apart needs the navigation's
 * initiator (webNavigation), which KeyDeck does not ask for yet; the 15 minutes bound it meanwhile.
 */
export type Step = 'finish' | 'stay' | 'wait' | 'end';

export function step(entry: WatchedTab, url: string): Step {
  if (url === '' || url === 'about:blank') return 'wait';
  if (entry.kind === 'portal' ? isFinishOf(url, entry.returnUrl ?? '') : isCocalcHandOver(url)) return 'finish';
  const origin = originOf(url);
  return origin !== null && trusted(entry).has(origin) ? 'stay' : 'end';
}
