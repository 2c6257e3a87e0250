import type { CredentialView } from '../../shared/credential';
import { expiryState } from '../../shared/expiry';
import { groupByServer } from '../group';
import { hostOf, matchesWords, sameServer } from './search';

/** One line of the windowed list: a heading, or a key's row. */
export type ListItem =
  | { kind: 'heading'; key: string; level: 2; text: string; warnings: readonly string[] }
  | { kind: 'row'; key: string; credential: CredentialView; serverWarnings: ReadonlySet<string>; showHost: boolean };

export interface ListOptions {
  words: readonly string[];
  providerLabel: (id: string) => string;
  now: number;
  warnDays: number;
  /** A detected server: its keys come first. */
  pinnedServer?: string;
  /** Only these keys (a filter such as "expiring"). */
  only?: ReadonlySet<string>;
  headings: { pinned: (host: string) => string; expiring: string };
}

export interface ListModel {
  items: ListItem[];
  /** The rows in list order (what arrow keys walk and Enter copies the first of). */
  rows: CredentialView[];
}

/**
 * A warning every verified key of a server shares (CORS is a server setting) is said once on the
 * server's heading rather than on each row; with a single key it stays on the row.
 */
function sharedWarnings(credentials: readonly CredentialView[]): Set<string> {
  const verified = credentials.filter((c) => c.verification);
  if (verified.length < 2) return new Set();
  const [first, ...rest] = verified;
  return new Set(first!.verification!.warnings.filter((w) => rest.every((c) => c.verification!.warnings.includes(w))));
}

/** Pinned server first, then expiring keys, then everything else per server; no key twice. */
export function buildList(credentials: readonly CredentialView[], options: ListOptions): ListModel {
  const { words, providerLabel, now, warnDays, pinnedServer, only, headings } = options;
  const shown = credentials.filter((c) => (!only || only.has(c.id)) && matchesWords(c, words, providerLabel));
  const items: ListItem[] = [];
  const rows: CredentialView[] = [];
  const none = new Set<string>();
  const section = (key: string, text: string, list: readonly CredentialView[], showHost: boolean) => {
    if (list.length === 0) return;
    items.push({ kind: 'heading', key, level: 2, text, warnings: [] });
    for (const credential of list) {
      items.push({ kind: 'row', key: credential.id, credential, serverWarnings: none, showHost });
      rows.push(credential);
    }
  };
  const pinned = pinnedServer ? shown.filter((c) => sameServer(c.serviceUrl, pinnedServer)) : [];
  const pinnedIds = new Set(pinned.map((c) => c.id));
  section('pinned', headings.pinned(pinnedServer ? hostOf(pinnedServer) : ''), pinned, false);
  const expiring = shown
    .filter((c) => !pinnedIds.has(c.id) && ['soon', 'expired'].includes(expiryState(c.expiresAt, now, warnDays)))
    .sort((a, b) => a.expiresAt! - b.expiresAt!);
  section('expiring', headings.expiring, expiring, true);
  const taken = new Set([...pinnedIds, ...expiring.map((c) => c.id)]);
  const rest = shown.filter((c) => !taken.has(c.id));
  // Per server: a heading each, with what all its keys share.
  for (const { serviceUrl, credentials: list } of groupByServer(rest)) {
    const shared = sharedWarnings(list);
    items.push({ kind: 'heading', key: `server:${serviceUrl}`, level: 2, text: serviceUrl, warnings: [...shared] });
    for (const credential of list) {
      items.push({ kind: 'row', key: credential.id, credential, serverWarnings: shared, showHost: false });
      rows.push(credential);
    }
  }
  return { items, rows };
}
