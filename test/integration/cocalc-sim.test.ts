// Integration tests of the CoCalc simulator (test/sim/cocalc) over real HTTP on 127.0.0.1.
// Expected values come from sagemathinc/cocalc: pages/api/v2/api-keys.ts (200 + {response}
// or {error}), server/api/manage.ts (key format, trunc, expiry, project keys),
// server/auth/get-account.ts + api.ts (cookie first, Bearer/Basic), set-sign-in-cookies.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, startCocalcSim, type CocalcSim, type ManualClock } from '../sim/cocalc/index';
import { apiKeys, cookieHeader, get, rows, signIn } from '../sim/cocalc/testkit';

const JSON_TYPE = 'application/json; charset=utf-8';
let sim: CocalcSim;
let clock: ManualClock; // the simulator's: moves only with sim.advance, so times are read from it
let cookie: string;

beforeEach(async () => {
  clock = createManualClock();
  sim = await startCocalcSim({ clock });
  cookie = sim.sessionCookieFor('alice');
});
afterEach(async () => sim.close());

describe('signing in', () => {
  it('serves a sign-in page whose form posts to the sign-in endpoint', async () => {
    const page = await get(sim, '/auth/sign-in');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<h1>Sign In to CoCalc</h1>');
    expect(page.text).toMatch(/<form[^>]*method="post" action="\/api\/v2\/auth\/sign-in"/);
    expect(page.text).toContain('placeholder="Email address"');
    expect(page.text).toContain('type="password"');
  });

  it('sets account_id and an http-only remember_me cookie for the right password (form post)', async () => {
    const res = await signIn(sim, 'Alice@Example.org ', sim.users.alice.password, true);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(JSON_TYPE);
    expect(res.json).toEqual({ account_id: sim.users.alice.accountId });
    const [accountId, rememberMe] = res.cookies;
    expect(accountId).toMatch(new RegExp(`^account_id=${sim.users.alice.accountId}; path=/; expires=[^;]+ GMT$`));
    expect(rememberMe).toMatch(/^remember_me=sha512\$[0-9A-Za-z]{32}\$1000\$[0-9a-f-]{36}; path=\/; expires=[^;]+; samesite=strict; httponly$/);
    const expires = Date.parse(/expires=([^;]+)/.exec(rememberMe ?? '')?.[1] ?? '');
    expect(expires - (sim.requestLog.at(-1)?.at ?? 0)).toBe(180 * 24 * 3600 * 1000);
    const home = await get(sim, '/', { cookie: cookieHeader(res.cookies) });
    expect(home.text).toContain('Signed in as <span id="account-email">alice@example.org</span>');
  });

  it('answers a wrong password or unknown email with 200 and {error}, no cookie', async () => {
    const wrong = await signIn(sim, 'alice@example.org', 'nope-nope');
    expect(wrong.status).toBe(200);
    expect(wrong.json).toEqual({ error: "Problem signing into account -- password for 'alice@example.org' is incorrect." });
    expect(wrong.cookies).toEqual([]);
    const unknown = await signIn(sim, 'carol@example.org', 'whatever');
    expect(unknown.json).toEqual({ error: "Problem signing into account -- no account with email address 'carol@example.org'." });
    const noEmail = await fetch(`${sim.url}/api/v2/auth/sign-in`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect([noEmail.status, await noEmail.text()]).toEqual([500, 'Internal Server Error']);
  });

  it('signs out: the remember_me row is deleted', async () => {
    const out = await fetch(`${sim.url}/api/v2/accounts/sign-out`, { method: 'POST', headers: { Cookie: cookie } });
    expect(await out.json()).toEqual({});
    expect((await apiKeys(sim, { action: 'get' }, { cookie })).json).toEqual({ error: 'must be signed in' });
  });
});

describe('/api/v2/api-keys', () => {
  it('needs a session or a key: 200 {error: "must be signed in"}', async () => {
    const res = await apiKeys(sim, { action: 'get' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(JSON_TYPE);
    expect(res.json).toEqual({ error: 'must be signed in' });
    expect((await apiKeys(sim, { action: 'get' }, { bearer: 'sk-AAAAAAAAAAAAAAAA000001' })).json).toEqual({ error: 'must be signed in' });
  });

  it('shows the secret only in the create answer; get lists the trunc form', async () => {
    const made = rows(await apiKeys(sim, { action: 'create', name: 'KeyDeck' }, { cookie }))[0];
    expect(Object.keys(made ?? {})).toEqual(['id', 'account_id', 'expire', 'created', 'name', 'last_active', 'trunc', 'secret']);
    const secret = String(made?.secret);
    expect(secret).toMatch(/^sk-[A-Za-z0-9]{16}00000[1]$/);
    expect(made).toMatchObject({ id: 1, account_id: sim.users.alice.accountId, name: 'KeyDeck', expire: null, last_active: null, trunc: `sk-...${secret.slice(-6)}` });
    const listed = rows(await apiKeys(sim, { action: 'get' }, { cookie }));
    expect(listed).toEqual([{ id: 1, account_id: sim.users.alice.accountId, expire: null, created: made?.created, name: 'KeyDeck', trunc: 'sk-...000001', last_active: null }]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(rows(await apiKeys(sim, { action: 'get', id: 1 }, { cookie }))).toEqual(listed);
    expect((await apiKeys(sim, { action: 'get', id: 99 }, { cookie })).json).toEqual({ response: [null] });
    expect(sim.keys()[0]?.secret).toBe(secret);
  });

  it('accepts the key as Bearer or as the Basic user, and records last_active', async () => {
    const secret = String(rows(await apiKeys(sim, { action: 'create', name: 'k' }, { cookie }))[0]?.secret);
    sim.advance(60_000);
    expect(rows(await apiKeys(sim, { action: 'get' }, { bearer: secret }))[0]?.last_active).toBe(new Date(sim.requestLog.at(-1)?.at ?? 0).toISOString());
    expect(rows(await apiKeys(sim, { action: 'get' }, { basicKey: secret }))).toHaveLength(1);
    const tampered = `sk-${secret[3] === 'A' ? 'B' : 'A'}${secret.slice(4)}`;
    expect((await apiKeys(sim, { action: 'get' }, { bearer: tampered })).json).toEqual({ error: 'must be signed in' });
    expect(rows(await apiKeys(sim, { action: 'get' }, { bearer: sim.users.alice.legacyApiKey ?? '' }))).toHaveLength(1);
  });

  it('deletes an expired key when it is used', async () => {
    const expire = clock.now() + 3_600_000;
    const made = rows(await apiKeys(sim, { action: 'create', name: 'short', expire: new Date(expire).toISOString() }, { cookie }))[0];
    expect(made?.expire).toBe(new Date(expire).toISOString());
    const secret = String(made?.secret);
    expect(rows(await apiKeys(sim, { action: 'get' }, { bearer: secret }))).toHaveLength(1);
    sim.advance(3_600_000);
    expect(sim.keys()).toHaveLength(1);
    expect((await apiKeys(sim, { action: 'get' }, { bearer: secret })).json).toEqual({ error: 'must be signed in' });
    expect(sim.keys()).toEqual([]);
  });

  it('edits, deletes, and loses keys deleted behind the client’s back', async () => {
    const a = String(rows(await apiKeys(sim, { action: 'create', name: 'a' }, { cookie }))[0]?.secret);
    const b = String(rows(await apiKeys(sim, { action: 'create', name: 'b' }, { cookie }))[0]?.secret);
    expect((await apiKeys(sim, { action: 'edit', id: 1, name: 'renamed', expire: null }, { cookie })).json).toEqual({});
    expect(rows(await apiKeys(sim, { action: 'get', id: '1' }, { cookie }))[0]?.name).toBe('renamed');
    expect((await apiKeys(sim, { action: 'edit', id: 7, name: 'x' }, { cookie })).json).toEqual({ error: 'no api key with id 7' });
    expect((await apiKeys(sim, { action: 'create', expire: 'soon' }, { cookie })).json).toEqual({ error: 'invalid input syntax for type timestamp: "soon"' });
    expect((await apiKeys(sim, { action: 'delete', id: 1 }, { cookie })).json).toEqual({});
    expect((await apiKeys(sim, { action: 'get' }, { bearer: a })).json).toEqual({ error: 'must be signed in' });
    expect(sim.deleteKeyBehindTheBack(2)).toBe(true);
    expect((await apiKeys(sim, { action: 'get' }, { bearer: b })).json).toEqual({ error: 'must be signed in' });
    expect((await apiKeys(sim, { action: 'delete', id: 2 }, { cookie })).json).toEqual({});
  });

  it('keeps project keys apart and kills them when the owner leaves the project', async () => {
    const thesis = sim.projects.thesis.projectId;
    const made = rows(await apiKeys(sim, { action: 'create', project_id: thesis, name: 'p' }, { cookie }))[0];
    expect(rows(await apiKeys(sim, { action: 'get' }, { cookie }))).toEqual([]);
    expect(rows(await apiKeys(sim, { action: 'get', project_id: thesis }, { cookie: sim.sessionCookieFor('bob') }))).toHaveLength(1);
    const secret = String(made?.secret);
    expect((await apiKeys(sim, { action: 'get' }, { bearer: secret })).json).toEqual({ error: 'account_id is not a valid account' });
    expect((await apiKeys(sim, { action: 'get', project_id: sim.projects.lab.projectId }, { cookie })).json)
      .toEqual({ error: 'user must be collaborator on project to manage project_id api keys' });
    expect((await apiKeys(sim, { action: 'get', project_id: 'nope' }, { cookie })).json)
      .toEqual({ error: "invalid account_id or project_id -- all must be valid uuid's" });
    sim.removeFromProject('alice', 'thesis');
    expect((await apiKeys(sim, { action: 'get' }, { bearer: secret })).json).toEqual({ error: 'must be signed in' });
    expect(sim.keys()).toEqual([]);
  });

  it('treats an expired or bad session as signed out, and a cookie wins over a key', async () => {
    const secret = String(rows(await apiKeys(sim, { action: 'create' }, { cookie }))[0]?.secret);
    sim.expireSessions();
    expect((await apiKeys(sim, { action: 'get' }, { cookie })).json).toEqual({ error: 'must be signed in' });
    expect((await apiKeys(sim, { action: 'get' }, { cookie, bearer: secret })).json).toEqual({ error: 'must be signed in' });
    expect((await apiKeys(sim, { action: 'get' }, { cookie: 'remember_me=garbage' })).json).toEqual({ error: 'badly formatted remember_me cookie' });
    const fresh = sim.sessionCookieFor('bob');
    sim.advance(180 * 24 * 3600 * 1000);
    expect((await apiKeys(sim, { action: 'get' }, { cookie: fresh })).json).toEqual({ error: 'must be signed in' });
  });

  it('answers Next.js style for bad bodies, no action, and other paths', async () => {
    const bad = await apiKeys(sim, undefined, { cookie }, { type: 'application/json', body: '{"action":' });
    expect([bad.status, bad.text]).toEqual([400, 'Invalid JSON']);
    expect((await apiKeys(sim, undefined, { cookie }, { type: 'application/json', body: '' })).json).toEqual({});
    expect((await apiKeys(sim, undefined, { cookie }, { type: 'text/plain', body: 'action=get' })).json).toEqual({});
    expect((await get(sim, '/api/v2/api-keys', { cookie })).json).toEqual({});
    expect((await get(sim, '/api/v2/nope')).status).toBe(404);
    const slash = await get(sim, '/auth/sign-in/');
    expect([slash.status, slash.headers.get('location')]).toEqual([308, '/auth/sign-in']);
  });
});

describe('faults', () => {
  it('500, malformed JSON, slow and dropped answers', async () => {
    sim.setFault({ kind: 'status500' });
    const failed = await apiKeys(sim, { action: 'get' }, { cookie });
    expect([failed.status, failed.text]).toEqual([500, 'Internal Server Error']);
    sim.setFault({ kind: 'invalidJson' }, '/api/v2/api-keys');
    const cut = await apiKeys(sim, { action: 'get' }, { cookie });
    expect([cut.status, cut.headers.get('content-type'), cut.json]).toEqual([200, JSON_TYPE, undefined]);
    expect((await get(sim, '/auth/sign-in')).status).toBe(200);
    sim.setFault({ kind: 'slow', ms: 150 });
    // A client that gives up before the delay gets no answer (its own timer fires first); one that waits gets all of it.
    const impatient = fetch(`${sim.url}/api/v2/api-keys`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: '{"action":"get"}', signal: AbortSignal.timeout(20),
    });
    await expect(impatient).rejects.toMatchObject({ name: 'TimeoutError' });
    expect((await apiKeys(sim, { action: 'get' }, { cookie })).json).toEqual({ response: [] });
    sim.setFault({ kind: 'drop' });
    await expect(apiKeys(sim, { action: 'get' }, { cookie })).rejects.toThrow();
    sim.setFault(null);
    expect(sim.requestLog.filter((e) => e.path === '/api/v2/api-keys').at(-1)?.body).toBe('{"action":"get"}');
  });
});
