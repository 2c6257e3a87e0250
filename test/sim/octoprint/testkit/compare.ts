// Structural comparison of a transcript body with a simulator body: same keys,
// same value types, and same values except where the real server and the
// simulator must differ (fresh tokens, keys, timestamps). String arrays and lists
// of objects are compared regardless of order (OctoPrint's role lists and key
// listings come out in dict/set order).

/** Keys whose primitive values are secrets or timestamps: only the type must match. */
const VOLATILE = new Set(['api_key', 'app_token', 'user_token', 'session', '_credentials_seen', 'key']);
/** Keys that may legitimately differ in type too (bob has a user key in the sim, none in the transcript). */
const IGNORED = new Set(['apikey']);

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function canonical(v: unknown, key = ''): string {
  if (VOLATILE.has(key) && kind(v) !== 'object') return `<${kind(v)}>`;
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x)).sort().join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${k}:${canonical(o[k], k)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function compareBodies(expected: unknown, actual: unknown, path = '$', key = ''): string[] {
  if (IGNORED.has(key)) return [];
  const ek = kind(expected);
  const ak = kind(actual);
  if (ek !== ak) return [`${path}: expected ${ek}, got ${ak}`];
  if (VOLATILE.has(key) && ek !== 'object' && ek !== 'array') return [];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return [`${path}: expected ${expected.length} items, got ${actual.length}`];
    const e = [...expected].sort((a, b) => canonical(a).localeCompare(canonical(b)));
    const a = [...actual].sort((x, y) => canonical(x).localeCompare(canonical(y)));
    return e.flatMap((item, i) => compareBodies(item, a[i], `${path}[${i}]`));
  }
  if (ek === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const problems: string[] = [];
    const keys = new Set([...Object.keys(e), ...Object.keys(a)]);
    for (const k of keys) {
      if (IGNORED.has(k)) continue;
      if (!(k in a)) problems.push(`${path}.${k}: missing`);
      else if (!(k in e)) problems.push(`${path}.${k}: unexpected`);
      else problems.push(...compareBodies(e[k], a[k], `${path}.${k}`, k));
    }
    return problems;
  }
  return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** Parallel walk collecting transcript value -> simulator value for the fresh tokens and keys. */
export function learnTokens(expected: unknown, actual: unknown, learn: (from: string, to: string) => void): void {
  if (Array.isArray(expected) || expected === null || typeof expected !== 'object') return;
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return;
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const k of ['app_token', 'api_key', 'user_token']) {
    const ev = e[k];
    const av = a[k];
    if (typeof ev === 'string' && typeof av === 'string') learn(ev, av);
  }
  if (k0(e.pending) && k0(a.pending)) {
    // Pending maps are keyed by user token: pair the entries by app and user.
    const simEntries = Object.entries(a.pending);
    for (const [token, entry] of Object.entries(e.pending)) {
      const match = simEntries.find(([, s]) => k0(s) && k0(entry) && s.app_id === entry.app_id && s.user_id === entry.user_id);
      if (match) learn(token, match[0]);
    }
  }
  if (k0(e.key) && k0(a.key)) learnTokens(e.key, a.key, learn);
}

function k0(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Cache-Control compared as a set of directives (Werkzeug's order varies). */
export function sameDirectives(a: string | undefined, b: string | undefined): boolean {
  const set = (s: string | undefined): string => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean).sort().join(',');
  return set(a) === set(b);
}
