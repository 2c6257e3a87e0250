import { maskKey, SECRET_FIELDS, type CredentialView, type VaultEntry } from '../shared/credential';

const SOURCES: ReadonlySet<string> = new Set<CredentialView['source']>(['manual', 'workflow', 'finish-page', 'account-api']);
const HELD: ReadonlySet<string> = new Set(SECRET_FIELDS);

/**
 * The vault's readable fields, compact, for the popup's first paint. Stored beside the vault and
 * written in the same `storage.local.set` (items.ts), so the two never disagree. One JSON string,
 * not an array of objects: Chrome hands a stored object to a page field by field (1,000 entries
 * cost more than the popup's whole budget), a string in one piece. Repeated text (apps, servers,
 * users, warnings) is stored once in `strings` and referred to by its position.
 *
 * Nothing sealed is in it: no secret, no `keyTag`; only what the popup shows (the last 4 characters
 * of a key, as the list shows them).
 */
export const VAULT_INDEX_VERSION = 1;

type Row = [
  id: string,
  provider: number,
  serviceUrl: number,
  app: number,
  user: number | null,
  source: number,
  createdAt: number,
  expiresAt: number | null,
  verification: [at: number, ok: 0 | 1, summary: number, warnings: number[], serverVersion: number | null] | null,
  remoteId: string | null,
  details: [key: number, value: number][] | null,
  capturedFrom: string | null,
  secretFields: number[],
  keyTail: string | null,
];

/** Every readable field of an entry (the index test checks this against EntryFieldsSchema). */
export const INDEXED_FIELDS = [
  'id', 'provider', 'serviceUrl', 'app', 'user', 'source', 'createdAt', 'expiresAt',
  'verification', 'remoteId', 'details', 'capturedFrom', 'secretFields', 'keyTail',
] as const;

export function encodeVaultIndex(entries: readonly VaultEntry[]): string {
  const strings: string[] = [];
  const at = new Map<string, number>();
  const ref = (text: string) => {
    let index = at.get(text);
    if (index === undefined) at.set(text, (index = strings.push(text) - 1));
    return index;
  };
  const rows = entries.map((e): Row => [
    e.id,
    ref(e.provider),
    ref(e.serviceUrl),
    ref(e.app),
    e.user === undefined ? null : ref(e.user),
    ref(e.source),
    e.createdAt,
    e.expiresAt ?? null,
    e.verification
      ? [e.verification.at, e.verification.ok ? 1 : 0, ref(e.verification.summary), e.verification.warnings.map(ref), e.verification.serverVersion === undefined ? null : ref(e.verification.serverVersion)]
      : null,
    e.remoteId ?? null,
    e.details ? Object.entries(e.details).map(([key, value]) => [ref(key), ref(value)]) : null,
    e.capturedFrom ?? null,
    e.secretFields.map(ref),
    e.keyTail ?? null,
  ]);
  return JSON.stringify([VAULT_INDEX_VERSION, strings, rows]);
}

/** Thrown inside decoding only: the stored index is not one this version wrote. */
class Damaged extends Error {}

/**
 * The entries as the popup shows them, in stored order; null when the text is not an index of this
 * version (damaged, or from another KeyDeck): the caller then reads the vault itself. Checked by
 * hand, field by field: a schema library's parse of 1,000 entries costs ~30 ms in a cold page.
 */
export function decodeVaultIndex(text: string): CredentialView[] | null {
  try {
    const data: unknown = JSON.parse(text);
    if (!Array.isArray(data) || data[0] !== VAULT_INDEX_VERSION || !Array.isArray(data[1]) || !Array.isArray(data[2])) return null;
    const strings = data[1] as unknown[];
    if (!strings.every((s) => typeof s === 'string')) return null;
    const str = (i: unknown) => {
      if (typeof i !== 'number' || !(i in strings)) throw new Damaged();
      return strings[i] as string;
    };
    const optStr = (i: unknown) => (i === null ? undefined : str(i));
    const num = (n: unknown) => {
      if (typeof n !== 'number' || !Number.isFinite(n)) throw new Damaged();
      return n;
    };
    const raw = (s: unknown) => {
      if (s === null) return undefined;
      if (typeof s !== 'string') throw new Damaged();
      return s;
    };
    const list = (a: unknown, length?: number) => {
      if (!Array.isArray(a) || (length !== undefined && a.length !== length)) throw new Damaged();
      return a as unknown[];
    };
    const oneOf = (allowed: ReadonlySet<string>) => (i: unknown) => {
      const text = str(i);
      if (!allowed.has(text)) throw new Damaged();
      return text;
    };
    return (data[2] as unknown[]).map((row) => {
      const r = list(row, 14);
      const id = raw(r[0]);
      if (id === undefined) throw new Damaged();
      const view: CredentialView = {
        id,
        provider: str(r[1]),
        serviceUrl: str(r[2]),
        app: str(r[3]),
        source: oneOf(SOURCES)(r[5]) as CredentialView['source'],
        createdAt: num(r[6]),
        secretFields: list(r[12]).map(oneOf(HELD)) as CredentialView['secretFields'],
        maskedKey: '',
      };
      const user = optStr(r[4]);
      if (user !== undefined) view.user = user;
      if (r[7] !== null) view.expiresAt = num(r[7]);
      if (r[8] !== null) {
        const [at, ok, summary, warnings, serverVersion] = list(r[8], 5);
        view.verification = { at: num(at), ok: ok === 1, summary: str(summary), warnings: list(warnings).map(str) };
        if (serverVersion !== null) view.verification.serverVersion = str(serverVersion);
      }
      const remoteId = raw(r[9]);
      if (remoteId !== undefined) view.remoteId = remoteId;
      if (r[10] !== null) view.details = Object.fromEntries(list(r[10]).map((pair) => list(pair, 2).map(str)));
      const capturedFrom = raw(r[11]);
      if (capturedFrom !== undefined) view.capturedFrom = capturedFrom;
      const keyTail = raw(r[13]);
      if (keyTail !== undefined) view.keyTail = keyTail;
      view.maskedKey = maskKey(keyTail);
      return view;
    });
  } catch (error) {
    if (error instanceof Damaged || error instanceof SyntaxError || error instanceof TypeError) return null;
    throw error;
  }
}

/**
 * How many entries the index lists, without building them (one JSON.parse): whether the vault holds a
 * key, asked by every popup as it opens, costs a cold worker ~1 ms instead of decoding every entry.
 * null when the text is not an index of this version.
 */
export function countVaultIndex(text: string): number | null {
  try {
    const data: unknown = JSON.parse(text);
    return Array.isArray(data) && data[0] === VAULT_INDEX_VERSION && Array.isArray(data[2]) ? data[2].length : null;
  } catch {
    return null;
  }
}
