// Sessions, CSRF, the auth dialog, decisions and the ways a key authenticates.
import { describe, expect, it } from 'vitest';
import { Browser, call, requestKey } from './client';
import { withSim } from './harness';

const GUEST = { groups: ['guests'], name: null, permissions: [] };

export function registerAuthTests(): void {
  describe('sessions, CSRF and decisions', () => {
    it('login sets session_P<port> and csrf_token_P<port> like the transcript; logout ends the session', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const b = new Browser(sim.url);
        const page = await b.call('/login/');
        expect(page.setCookies.some((c) => c.startsWith(`csrf_token_P${sim.port}=`) && c.endsWith('; Path=/; SameSite=Lax'))).toBe(true);
        expect(page.setCookies.some((c) => c.startsWith(`session_P${sim.port}=`) && c.includes('HttpOnly'))).toBe(true);
        const noCsrf = await b.call('/api/login', { json: { user: 'admin', pass: sim.users.admin.password } });
        expect([noCsrf.status, noCsrf.json()]).toEqual([400, { error: 'CSRF validation failed' }]);
        expect((await b.post('/api/login', { user: 'admin', pass: 'wrong' })).status).toBe(403);
        const ok = await b.post('/api/login', { user: 'admin', pass: sim.users.admin.password, remember: false });
        expect(ok.status).toBe(200);
        expect(ok.json()).toMatchObject({ name: 'admin', groups: ['admins'], _login_mechanism: 'password', admin: true });
        expect(ok.setCookies).toContain(`active_logout=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/`);
        expect((await b.call('/api/currentuser')).json<{ name: string }>().name).toBe('admin');
        expect((await b.post('/api/logout', {})).status).toBe(200);
        expect((await b.call('/api/currentuser')).json()).toEqual(GUEST);
      }));

    it('decision: 400 CSRF without token, 204 with session + X-CSRF-Token, 404 unknown, 400 without decision', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const anon = await call(`${sim.url}/plugin/appkeys/decision/x`, { json: { decision: true } });
        expect([anon.status, anon.json()]).toEqual([400, { error: 'CSRF validation failed' }]);
        const b = new Browser(sim.url);
        await b.login('admin', sim.users.admin.password);
        const { location } = await requestKey(sim.url);
        const list = await b.call('/api/plugin/appkeys');
        const [userToken] = Object.keys(list.json<{ pending: Record<string, unknown> }>().pending);
        expect(userToken).toBeTruthy();
        expect((await b.call(`/plugin/appkeys/decision/${userToken}`, { json: { decision: true } })).status).toBe(400);
        const noDecision = await b.post(`/plugin/appkeys/decision/${userToken}`, { foo: 1 });
        expect(noDecision.json()).toEqual({ error: 'No decision provided' });
        expect((await b.post('/plugin/appkeys/decision/notatoken', { decision: true })).status).toBe(404);
        const ok = await b.post(`/plugin/appkeys/decision/${userToken}`, { decision: true });
        expect([ok.status, ok.headers.get('cache-control'), ok.text]).toEqual([204, 'no-cache', '']);
        expect((await call(location)).status).toBe(200);
      }));

    it('decision by API key needs no CSRF; a viewer lacks GRANT; bound requests 404 for others', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        await requestKey(sim.url, { app: 'Bound', user: 'bob' });
        const bound = sim.pending()[0]?.userToken ?? '';
        const asKey = (key: string, decision: boolean) =>
          call(`${sim.url}/plugin/appkeys/decision/${bound}`, { json: { decision }, headers: { 'X-Api-Key': key } });
        expect((await asKey(sim.users.admin.apiKey, true)).status).toBe(404);
        const viewer = await asKey(sim.users.viewer.apiKey, true);
        expect([viewer.status, viewer.json()]).toEqual([403, { error: 'No permission to grant app access' }]);
        expect((await asKey(sim.users.bob.apiKey, false)).status).toBe(204);
        expect(sim.pending()).toHaveLength(0);
      }));

    it('1.10+: a password session older than 5 minutes must reauthenticate; pre-1.10 it need not', async () => {
      for (const [version, afterStale] of [['1.11.8', 403], ['1.9.3', 204]] as const) {
        await withSim({ clock: 'manual', version }, async (sim) => {
          const b = new Browser(sim.url);
          await b.login('admin', sim.users.admin.password);
          sim.advance(5 * 60_000 + 1_000);
          await requestKey(sim.url);
          const token = sim.pending()[0]?.userToken ?? '';
          const stale = await b.post(`/plugin/appkeys/decision/${token}`, { decision: true });
          expect(stale.status).toBe(afterStale);
          if (afterStale === 403) {
            expect(stale.json()).toEqual({ error: 'Please reauthenticate with your credentials' });
            await b.post('/api/login', { user: 'admin', pass: sim.users.admin.password });
            expect((await b.post(`/plugin/appkeys/decision/${token}`, { decision: true })).status).toBe(204);
          }
        });
      }
    });

    it('auth dialog: 404 unknown, login redirects, approval page for the right fresh user', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        expect((await call(`${sim.url}/plugin/appkeys/auth/unknown`)).status).toBe(404);
        const { token } = await requestKey(sim.url, { app: 'KeyDeck Bound', user: 'bob' });
        const path = `/plugin/appkeys/auth/${token}?user=bob`;
        const anon = await call(`${sim.url}${path}`);
        expect(anon.status).toBe(302);
        expect(anon.headers.get('location')).toBe(
          `/login/?redirect=${encodeURIComponent(path)}&permissions=PLUGIN_APPKEYS_GRANT&user_id=bob`);
        const admin = new Browser(sim.url);
        await admin.login('admin', sim.users.admin.password);
        expect((await admin.call(path)).headers.get('location')).toBe(`/login/?redirect=${encodeURIComponent(path)}&user_id=bob`);
        const bob = new Browser(sim.url);
        await bob.login('bob', sim.users.bob.password);
        const page = await bob.call(path);
        expect(page.status).toBe(200);
        expect(page.headers.get('cache-control')).toContain('no-store');
        for (const marker of ['<title>OctoPrint App Authentication</title>', 'id="auth-grant"', 'id="auth-reject"', 'Hello bob!',
          '"<strong>KeyDeck Bound</strong>"', '<code>127.0.0.1</code>']) expect(page.text).toContain(marker);
        const userToken = sim.pending()[0]?.userToken ?? '';
        expect((await bob.post(`/plugin/appkeys/decision/${userToken}`, { decision: true })).status).toBe(204);
        sim.advance(6 * 60_000);
        const { token: t2 } = await requestKey(sim.url);
        expect((await bob.call(`/plugin/appkeys/auth/${t2}`)).headers.get('location')).toBe(
          `/login/?redirect=${encodeURIComponent(`/plugin/appkeys/auth/${t2}?`)}&reauthenticate=true&user_id=bob`);
      }));

    it('keys authenticate via X-Api-Key, Bearer and ?apikey=; invalid keys read as guest and get 403', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const key = sim.users.bob.apiKey;
        const who = async (path: string, headers: Record<string, string> = {}) =>
          (await call(`${sim.url}${path}`, { headers })).json<{ name: string | null }>().name;
        expect(await who('/api/currentuser', { 'X-Api-Key': key })).toBe('bob');
        expect(await who('/api/currentuser', { Authorization: `Bearer ${key}` })).toBe('bob');
        expect(await who(`/api/currentuser?apikey=${key}`)).toBe('bob');
        expect((await call(`${sim.url}/api/currentuser`, { headers: { 'X-Api-Key': 'bogus' } })).json()).toEqual(GUEST);
        const version = await call(`${sim.url}/api/version`, { headers: { 'X-Api-Key': 'bogus' } });
        expect([version.status, version.headers.get('cache-control')]).toEqual([403, 'max-age=0']);
        const good = await call(`${sim.url}/api/version`, { headers: { 'X-Api-Key': key } });
        expect(good.json()).toEqual({ api: '0.1', server: '1.11.8', text: 'OctoPrint 1.11.8' });
        expect((await call(`${sim.url}/plugin/appkeys/probe`, { headers: { 'X-Api-Key': 'bogus' } })).status).toBe(204);
      }));

    it('a request approved with the global key yields a key owned by _api, which is useless', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const global = sim.globalKey ?? '';
        const me = await call(`${sim.url}/api/currentuser`, { headers: { 'X-Api-Key': global } });
        expect(me.json()).toMatchObject({ name: '_api', groups: ['admins', 'users'] });
        const { location } = await requestKey(sim.url);
        const ut = sim.pending()[0]?.userToken ?? '';
        expect((await call(`${sim.url}/plugin/appkeys/decision/${ut}`, { json: { decision: true }, headers: { 'X-Api-Key': global } })).status).toBe(204);
        const key = (await call(location)).json<{ api_key: string }>().api_key;
        expect(sim.keys()[0]?.userId).toBe('_api');
        expect((await call(`${sim.url}/api/currentuser`, { headers: { 'X-Api-Key': key } })).json()).toEqual(GUEST);
      }));
  });
}
