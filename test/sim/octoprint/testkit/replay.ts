// Replays transcript steps against a running simulator. Transcript secrets and
// tokens are mapped to the simulator's as they appear (seeded keys up front,
// fresh tokens learned from each answer), curl's cookie jars are rebuilt per
// "browser", and the manual clock is moved to each step's recorded time, so
// expiry and fresh-login behaviour replays too.
import type { OctoPrintSim } from '../types';
import { compareBodies, learnTokens, sameDirectives } from './compare';
import { txHeader, type TxStep } from './transcript';

const TX_ORIGIN = 'http://127.0.0.1:5000';
const COMPARED_HEADERS = ['Access-Control-Allow-Origin', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers',
  'Access-Control-Max-Age', 'Access-Control-Allow-Credentials', 'Allow'];
const TOKEN = /^[A-Za-z0-9_-]{32,43}$/;

export interface ReplayOutcome {
  title: string;
  skipped?: string;
  problems: string[];
}

/** Which curl cookie jar a step used, from its title (the recorder did not list Cookie headers). */
export function jarByTitle(title: string): string | null {
  if (/stale/i.test(title)) return 'stale';
  if (/bob (browser|currentuser \(session\)|pending list|approves unbound|approves \(as)|logged in as bob/i.test(title)) return 'bob';
  if (/admin browser|logged in as admin|fresh password session|session cookie but NO|index page .*logged in/i.test(title)) return 'admin';
  return null;
}

export class Replayer {
  private readonly subst = new Map<string, string>();
  private readonly jars = new Map<string, Map<string, string>>();
  private readonly csrfJar = new Map<string, string>();
  private elapsedMs = 0;

  constructor(private readonly sim: OctoPrintSim, seeds: Record<string, string>) {
    this.subst.set(TX_ORIGIN, sim.url);
    for (const [from, to] of Object.entries(seeds)) this.subst.set(from, to);
  }

  private apply(text: string): string {
    let out = text;
    for (const [from, to] of [...this.subst].sort((a, b) => b[0].length - a[0].length)) out = out.split(from).join(to);
    return out;
  }

  private jar(name: string): Map<string, string> {
    let j = this.jars.get(name);
    if (!j) this.jars.set(name, (j = new Map()));
    return j;
  }

  private async send(method: string, path: string, headers: Record<string, string>, body: string | undefined, jar: string | null) {
    if (jar) {
      const cookies = [...this.jar(jar)].map(([k, v]) => `${k}=${v}`).join('; ');
      if (cookies) headers.Cookie = cookies;
    }
    const res = await fetch(`${this.sim.url}${path}`, { method, headers, body, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    if (jar) {
      for (const c of setCookies) {
        const [pair = ''] = c.split(';');
        const eq = pair.indexOf('=');
        if (/Max-Age=0/i.test(c)) this.jar(jar).delete(pair.slice(0, eq));
        else this.jar(jar).set(pair.slice(0, eq), pair.slice(eq + 1));
      }
    }
    return { res, text: await res.text(), setCookies };
  }

  private csrfFrom(setCookies: string[]): string | undefined {
    const c = setCookies.find((x) => x.startsWith('csrf_token'));
    return c?.split(';')[0]?.split('=').slice(1).join('=');
  }

  /** Unlisted curl GET /login/ that gave a jar the csrf token the transcript then sends. */
  private async jarForCsrf(txToken: string, title: string): Promise<string> {
    const known = this.csrfJar.get(txToken);
    if (known) return known;
    const jar = jarByTitle(title);
    if (!jar) throw new Error(`no cookie jar for step "${title}"`);
    const { setCookies } = await this.send('GET', '/login/', {}, undefined, jar);
    const simToken = this.csrfFrom(setCookies);
    if (!simToken) throw new Error('GET /login/ set no csrf cookie');
    this.subst.set(txToken, simToken);
    this.csrfJar.set(txToken, jar);
    return jar;
  }

  private mapUnknownDecisionToken(path: string): void {
    const m = /\/plugin\/appkeys\/decision\/([^/?]+)/.exec(path);
    const token = m?.[1];
    if (!token || !TOKEN.test(token) || this.subst.has(token)) return;
    // The transcript never listed this user token: it belongs to the newest request still pending.
    const used = new Set(this.subst.values());
    const candidates = this.sim.pending().filter((p) => !used.has(p.userToken)).sort((a, b) => b.createdAt - a.createdAt);
    if (candidates[0]) this.subst.set(token, candidates[0].userToken);
  }

  async run(step: TxStep): Promise<ReplayOutcome> {
    const title = `${step.run} ${step.title}`;
    if (step.response.status === null) return { title, skipped: 'no HTTP response recorded (server still starting)', problems: [] };
    const target = Math.round(step.t * 1000);
    if (target > this.elapsedMs) this.sim.advance(target - this.elapsedMs);
    this.elapsedMs = Math.max(this.elapsedMs, target);

    const { request: rq, response: rs } = step;
    this.mapUnknownDecisionToken(rq.path);
    const headers: Record<string, string> = {};
    for (const [k, v] of rq.headers) if (!/^(host|content-length)$/i.test(k)) headers[k] = this.apply(v);
    const txCsrf = txHeader(rq.headers, 'X-CSRF-Token');
    const jar = txCsrf ? await this.jarForCsrf(txCsrf, step.title) : jarByTitle(step.title);
    if (txCsrf) headers['X-CSRF-Token'] = this.apply(txCsrf);
    const { res, text, setCookies } = await this.send(rq.method, this.apply(rq.path), headers, rq.body ? this.apply(rq.body) : undefined, jar);

    const txCsrfSet = txHeader(rs.headers.filter(([k, v]) => k === 'Set-Cookie' && v.startsWith('csrf_token')), 'Set-Cookie');
    const simCsrfSet = this.csrfFrom(setCookies);
    if (txCsrfSet && simCsrfSet && jar) {
      const txValue = txCsrfSet.split(';')[0]?.split('=').slice(1).join('=') ?? '';
      this.subst.set(txValue, simCsrfSet);
      this.csrfJar.set(txValue, jar);
    }
    const problems: string[] = [];
    const ctype = txHeader(rs.headers, 'Content-Type');
    const isJson = ctype === 'application/json' && !rs.truncated && rs.body !== '';
    if (isJson) {
      try {
        learnTokens(JSON.parse(rs.body), JSON.parse(text), (from, to) => this.subst.set(from, to));
      } catch {
        // reported by the body comparison below
      }
    }
    if (res.status !== rs.status) problems.push(`status: expected ${rs.status}, got ${res.status}`);
    const loc = txHeader(rs.headers, 'Location');
    if ((loc === undefined ? null : this.apply(loc)) !== res.headers.get('location')) {
      problems.push(`Location: expected ${loc === undefined ? 'none' : this.apply(loc)}, got ${res.headers.get('location')}`);
    }
    if (ctype !== (res.headers.get('content-type') ?? undefined)) problems.push(`Content-Type: expected ${ctype}, got ${res.headers.get('content-type')}`);
    if (!sameDirectives(txHeader(rs.headers, 'Cache-Control'), res.headers.get('cache-control') ?? undefined)) {
      problems.push(`Cache-Control: expected ${txHeader(rs.headers, 'Cache-Control')}, got ${res.headers.get('cache-control')}`);
    }
    for (const h of COMPARED_HEADERS) {
      const want = txHeader(rs.headers, h);
      const got = res.headers.get(h) ?? undefined;
      if ((want === undefined ? undefined : this.apply(want)) !== got) problems.push(`${h}: expected ${want}, got ${got}`);
    }
    if (isJson) {
      try {
        problems.push(...compareBodies(JSON.parse(this.apply(rs.body)), JSON.parse(text)));
      } catch (err) {
        problems.push(`body: ${String(err)}`);
      }
    } else if (rs.body === '') {
      if (text !== '') problems.push('body: expected empty');
    } else if (!rs.truncated && this.apply(rs.body) !== text.trim()) {
      problems.push('body: HTML differs');
    } else {
      const want = /<title[^>]*>([^<]*)<\/title>/.exec(rs.body)?.[1];
      const got = /<title[^>]*>([^<]*)<\/title>/.exec(text)?.[1];
      if (want !== got) problems.push(`<title>: expected ${want}, got ${got}`);
    }
    return { title, problems };
  }
}
