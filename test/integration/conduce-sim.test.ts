// Integration tests of the Conduce simulator (test/sim/conduce) over real HTTP on 127.0.0.1.
// The requests are the ones ConduceInc/conduce-python-api sends: conduce/session.py (login with
// {email, password, keep: false}, validate-session, Bearer header) and conduce/api.py
// (apikeys/list, apikeys/create {description} -> {apikey}, apikeys/delete {apikey}).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConduceSim, type ConduceSim } from '../sim/conduce/index';
import { call, createKey, login } from '../sim/conduce/testkit';

let sim: ConduceSim;

beforeEach(async () => {
  sim = await startConduceSim({ clock: 'manual' });
});
afterEach(async () => sim.close());

describe('sessions', () => {
  it('logs in with the right password and sets an http-only session cookie', async () => {
    const res = await login(sim, sim.users.dana.email, sim.users.dana.password);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.setCookie).toHaveLength(1);
    expect(res.setCookie[0]).toMatch(/^conduce-session=[A-Za-z0-9_-]{32}; Path=\/; HttpOnly$/);
    expect(sim.requestLog.at(-1)?.body).toBe(JSON.stringify({ email: sim.users.dana.email, password: sim.users.dana.password, keep: false }));
    expect((await call(sim, 'GET', '/user/validate-session', undefined, { cookie: res.cookie })).status).toBe(200);
  });

  it('keep: true gives a persistent cookie', async () => {
    const res = await login(sim, sim.users.dana.email, sim.users.dana.password, true);
    expect(res.setCookie[0]).toMatch(/^conduce-session=[^;]+; Max-Age=2592000; Path=\/; HttpOnly$/);
  });

  it('refuses a wrong password or unknown user with 401 and no cookie', async () => {
    const wrong = await login(sim, sim.users.dana.email, 'wrong');
    expect([wrong.status, wrong.setCookie]).toEqual([401, []]);
    expect(wrong.json).toEqual({ error: 'Invalid email or password' });
    expect((await login(sim, 'nobody@example.com', 'x')).status).toBe(401);
    const missing = await call(sim, 'POST', '/user/login', { email: sim.users.dana.email });
    expect(missing.status).toBe(400);
  });

  it('answers 401 to validate-session when signed out or expired', async () => {
    expect((await call(sim, 'GET', '/user/validate-session')).status).toBe(401);
    const cookie = sim.sessionCookieFor('dana');
    expect((await call(sim, 'GET', '/user/validate-session', undefined, { cookie })).status).toBe(200);
    sim.expireSessions();
    const expired = await call(sim, 'GET', '/user/validate-session', undefined, { cookie });
    expect([expired.status, expired.json]).toEqual([401, { error: 'Unauthorized' }]);
    const later = sim.sessionCookieFor('eli');
    sim.advance(24 * 3600 * 1000);
    expect((await call(sim, 'GET', '/apikeys/list', undefined, { cookie: later })).status).toBe(401);
  });
});

describe('api keys', () => {
  it('needs a session or a key', async () => {
    expect((await call(sim, 'GET', '/apikeys/list')).status).toBe(401);
    expect((await call(sim, 'POST', '/apikeys/create', { description: 'x' })).status).toBe(401);
    expect((await call(sim, 'GET', '/apikeys/list', undefined, { bearer: 'not-a-key' })).status).toBe(401);
  });

  it('creates keys ({apikey}) and lists them in full with their creation time', async () => {
    const cookie = sim.sessionCookieFor('dana');
    const create = await call(sim, 'POST', '/apikeys/create', { description: 'KeyDeck' }, { cookie });
    expect(create.status).toBe(200);
    const { apikey } = create.json as { apikey: string };
    expect(Object.keys(create.json as object)).toEqual(['apikey']);
    expect(apikey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const list = await call(sim, 'GET', '/apikeys/list', undefined, { cookie });
    expect(list.json).toEqual([{ apikey, description: 'KeyDeck', create_time: sim.requestLog.at(-2)?.at }]);
    expect(sim.keys()).toEqual([{ apikey, owner: 'dana', description: 'KeyDeck', created: sim.requestLog.at(-2)?.at }]);
    expect((await call(sim, 'GET', '/apikeys/list', undefined, { cookie: sim.sessionCookieFor('eli') })).json).toEqual([]);
  });

  it('accepts "Authorization: Bearer KEY" instead of a session', async () => {
    const key = await createKey(sim, { cookie: sim.sessionCookieFor('dana') });
    sim.expireSessions();
    expect((await call(sim, 'GET', '/user/validate-session', undefined, { bearer: key })).status).toBe(200);
    const second = await createKey(sim, { bearer: key }, 'made with a key');
    expect((await call(sim, 'GET', '/apikeys/list', undefined, { bearer: second })).json).toHaveLength(2);
  });

  it('deletes keys, but not the key the request is made with, nor another user’s', async () => {
    const cookie = sim.sessionCookieFor('dana');
    const a = await createKey(sim, { cookie });
    const b = await createKey(sim, { cookie });
    const self = await call(sim, 'POST', '/apikeys/delete', { apikey: a }, { bearer: a });
    expect(self.status).toBe(400);
    const eliKey = await createKey(sim, { cookie: sim.sessionCookieFor('eli') });
    expect((await call(sim, 'POST', '/apikeys/delete', { apikey: eliKey }, { cookie })).status).toBe(404);
    expect((await call(sim, 'POST', '/apikeys/delete', {}, { cookie })).status).toBe(400);
    const ok = await call(sim, 'POST', '/apikeys/delete', { apikey: a }, { bearer: b });
    expect([ok.status, ok.json]).toEqual([200, {}]);
    expect((await call(sim, 'GET', '/apikeys/list', undefined, { bearer: a })).status).toBe(401);
    expect(sim.deleteKeyBehindTheBack(b)).toBe(true);
    expect((await call(sim, 'GET', '/apikeys/list', undefined, { bearer: b })).status).toBe(401);
    expect((await call(sim, 'GET', '/apikeys/list', undefined, { cookie })).json).toEqual([]);
  });

  it('can make uuid keys', async () => {
    const other = await startConduceSim({ keyFormat: 'uuid', cookieName: 'sid' });
    try {
      const { cookie } = await login(other, other.users.eli.email, other.users.eli.password);
      expect(cookie).toMatch(/^sid=/);
      expect(await createKey(other, { cookie })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      await other.close();
    }
  });

  it('answers malformed JSON with 400, unknown paths with 404, wrong methods with 405', async () => {
    const cookie = sim.sessionCookieFor('dana');
    const bad = await call(sim, 'POST', '/apikeys/create', undefined, { cookie }, '{"description":');
    expect([bad.status, bad.json]).toEqual([400, { error: 'Invalid JSON' }]);
    expect((await call(sim, 'GET', '/apikeys/nope', undefined, { cookie })).status).toBe(404);
    const wrong = await call(sim, 'GET', '/apikeys/create', undefined, { cookie });
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'POST']);
  });
});

describe('faults', () => {
  it('500, malformed JSON, slow and dropped answers', async () => {
    const cookie = sim.sessionCookieFor('dana');
    sim.setFault({ kind: 'status500' }, '/conduce/api/v1/apikeys');
    const failed = await call(sim, 'GET', '/apikeys/list', undefined, { cookie });
    expect([failed.status, failed.text]).toEqual([500, 'Internal Server Error']);
    expect((await call(sim, 'GET', '/user/validate-session', undefined, { cookie })).status).toBe(200);
    sim.setFault({ kind: 'invalidJson' });
    const cut = await call(sim, 'POST', '/apikeys/create', { description: 'x' }, { cookie });
    expect([cut.status, cut.json]).toEqual([200, undefined]);
    sim.setFault({ kind: 'slow', ms: 150 });
    // A client that gives up before the delay gets no answer (its own timer fires first); one that waits gets it.
    const impatient = fetch(`${sim.apiBase}/apikeys/list`, { headers: { Cookie: cookie }, signal: AbortSignal.timeout(20) });
    await expect(impatient).rejects.toMatchObject({ name: 'TimeoutError' });
    expect((await call(sim, 'GET', '/apikeys/list', undefined, { cookie })).status).toBe(200);
    sim.setFault({ kind: 'drop' });
    await expect(call(sim, 'GET', '/apikeys/list', undefined, { cookie })).rejects.toThrow();
    sim.setFault(null);
    expect((await call(sim, 'GET', '/apikeys/list', undefined, { cookie })).json).toHaveLength(1);
  });
});
