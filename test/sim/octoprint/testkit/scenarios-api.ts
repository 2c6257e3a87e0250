// /api/plugin/appkeys (list, lookup, generate, revoke) and /api/settings with CORS.
import { describe, expect, it } from 'vitest';
import { Browser, call } from './client';
import { withSim } from './harness';
import type { OctoPrintSim } from '../types';

function api(sim: OctoPrintSim, key: string, json?: unknown, query = '') {
  return call(`${sim.url}/api/plugin/appkeys${query}`, { json, headers: { 'X-Api-Key': key } });
}

export function registerApiTests(): void {
  describe('appkeys API', () => {
    it('generate is idempotent per app (case-insensitive); admins generate for others', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const admin = sim.users.admin.apiKey;
        const a = await api(sim, admin, { command: 'generate', app: 'KeyDeck Manual' });
        expect(a.status).toBe(200);
        expect(a.headers.get('cache-control')).toContain('no-store');
        const key = a.json<{ api_key: string }>().api_key;
        expect((await api(sim, admin, { command: 'generate', app: 'keydeck manual' })).json()).toEqual(
          { api_key: key, app_id: 'keydeck manual', user_id: 'admin' });
        expect((await api(sim, admin, { command: 'generate', app: 'ForBob', user: 'bob' })).json()).toMatchObject({ user_id: 'bob' });
        expect((await api(sim, sim.users.bob.apiKey, { command: 'generate', app: 'X', user: 'admin' })).status).toBe(403);
        expect((await api(sim, admin, { command: 'generate' })).json()).toEqual({ error: 'Mandatory parameters missing' });
        expect((await api(sim, admin, { command: 'nope' })).json()).toEqual({ error: 'command is invalid' });
      }));

    it('list own, ?all=true for admins only, ?app= lookup with the key for key auth', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const { admin, bob } = sim.users;
        await api(sim, admin.apiKey, { command: 'generate', app: 'KeyDeck' });
        const bobKey = (await api(sim, bob.apiKey, { command: 'generate', app: 'KeyDeck' })).json<{ api_key: string }>().api_key;
        expect((await api(sim, admin.apiKey, undefined)).json()).toEqual({ keys: [{ app_id: 'KeyDeck', user_id: 'admin' }], pending: {} });
        expect((await api(sim, admin.apiKey, undefined, '?all=true')).json<{ keys: unknown[] }>().keys).toHaveLength(2);
        expect((await api(sim, bob.apiKey, undefined, '?all=true')).json<{ keys: unknown[] }>().keys).toHaveLength(1);
        expect((await api(sim, bob.apiKey, undefined, '?app=keydeck')).json()).toEqual(
          { key: { api_key: bobKey, app_id: 'KeyDeck', user_id: 'bob' } });
        expect((await api(sim, bob.apiKey, undefined, '?app=KeyDeck&user=admin')).status).toBe(403);
        expect((await api(sim, admin.apiKey, undefined, '?app=KeyDeck&user=bob')).status).toBe(200);
        expect((await api(sim, admin.apiKey, undefined, '?app=Missing')).status).toBe(404);
        expect((await call(`${sim.url}/api/plugin/appkeys`)).status).toBe(403);
      }));

    it('a stale password session gets the ?app= entry without api_key', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const b = new Browser(sim.url);
        await b.login('admin', sim.users.admin.password);
        await b.post('/api/plugin/appkeys', { command: 'generate', app: 'KeyDeck Session' });
        expect((await b.call('/api/plugin/appkeys?app=KeyDeck%20Session')).json<{ key: object }>().key).toHaveProperty('api_key');
        sim.advance(6 * 60_000);
        expect((await b.call('/api/plugin/appkeys?app=KeyDeck%20Session')).json()).toEqual(
          { key: { app_id: 'KeyDeck Session', user_id: 'admin' } });
        const gen = await b.post('/api/plugin/appkeys', { command: 'generate', app: 'Other' });
        expect([gen.status, gen.json()]).toEqual([403, { error: 'Please reauthenticate with your credentials' }]);
      }));

    it('revoke by app, by key (deprecated), self-revoke; 400 "Need either app or key"', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const { admin, bob } = sim.users;
        const need = { error: 'Need either app or key' };
        const manual = (await api(sim, admin.apiKey, { command: 'generate', app: 'Manual' })).json<{ api_key: string }>().api_key;
        expect((await api(sim, admin.apiKey, { command: 'revoke' })).json()).toEqual(need);
        // Transcript B07: another user's missing key is 400; the source answers 403 for one that exists.
        expect((await api(sim, bob.apiKey, { command: 'revoke', app: 'KeyDeck', user: 'admin' })).json()).toEqual(need);
        expect((await api(sim, bob.apiKey, { command: 'revoke', app: 'Manual', user: 'admin' })).status).toBe(403);
        expect((await api(sim, bob.apiKey, { command: 'revoke', key: manual })).status).toBe(403);
        const byKey = await api(sim, admin.apiKey, { command: 'revoke', key: manual });
        expect([byKey.status, byKey.headers.get('content-type')]).toEqual([204, 'text/plain']);
        expect((await call(`${sim.url}/api/currentuser`, { headers: { 'X-Api-Key': manual } })).json<{ name: null }>().name).toBeNull();
        const appKey = (await api(sim, bob.apiKey, { command: 'generate', app: 'KeyDeck' })).json<{ api_key: string }>().api_key;
        expect((await api(sim, appKey, { command: 'revoke', app: 'KEYDECK' })).status).toBe(204);
        expect((await call(`${sim.url}/api/version`, { headers: { 'X-Api-Key': appKey } })).status).toBe(403);
        const forBob = (await api(sim, admin.apiKey, { command: 'generate', app: 'B', user: 'bob' })).json<{ api_key: string }>().api_key;
        expect((await api(sim, admin.apiKey, { command: 'revoke', app: 'B', user: 'bob' })).status).toBe(204);
        expect(sim.keys().some((k) => k.apiKey === forBob)).toBe(false);
      }));
  });

  describe('settings and CORS', () => {
    it('CORS off: preflight without CORS headers; switching it on takes effect at once; never credentials', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
        const preflight = () => call(`${sim.url}/api/currentuser`, { method: 'OPTIONS', headers: {
          Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-api-key' } });
        const off = await preflight();
        expect([off.status, off.headers.get('allow'), off.headers.get('access-control-allow-origin')]).toEqual([200, 'HEAD, GET, OPTIONS', null]);
        const admin = sim.users.admin.apiKey;
        const settings = await call(`${sim.url}/api/settings`, { headers: { 'X-Api-Key': admin } });
        expect(settings.json()).toMatchObject({ api: { allowCrossOrigin: false, key: sim.globalKey } });
        const bobView = await call(`${sim.url}/api/settings`, { headers: { 'X-Api-Key': sim.users.bob.apiKey } });
        expect(bobView.json()).toMatchObject({ api: { key: null } });
        expect((await call(`${sim.url}/api/settings`, { json: { api: { allowCrossOrigin: true } }, headers: { 'X-Api-Key': sim.users.bob.apiKey } })).status).toBe(403);
        const on = await call(`${sim.url}/api/settings`, { json: { api: { allowCrossOrigin: true } }, headers: { 'X-Api-Key': admin } });
        expect(on.json()).toMatchObject({ api: { allowCrossOrigin: true } });
        const pre = await preflight();
        expect(Object.fromEntries([...pre.headers].filter(([k]) => k.startsWith('access-control')))).toEqual({
          'access-control-allow-origin': origin, 'access-control-allow-methods': 'GET',
          'access-control-allow-headers': 'x-api-key', 'access-control-max-age': '10' });
        const req = await call(`${sim.url}/plugin/appkeys/request`, { json: { app: 'KeyDeck CORS' }, headers: { Origin: origin } });
        expect(req.headers.get('access-control-allow-origin')).toBe(origin);
        expect(req.headers.get('access-control-allow-credentials')).toBeNull();
        await call(`${sim.url}/api/settings`, { json: { api: { allowCrossOrigin: false } }, headers: { 'X-Api-Key': admin } });
        expect((await call(`${sim.url}/plugin/appkeys/probe`, { headers: { Origin: origin } })).headers.get('access-control-allow-origin')).toBeNull();
      }));

    it('the cors option sets the initial value', () =>
      withSim({ clock: 'manual', cors: true }, async (sim) => {
        const r = await call(`${sim.url}/plugin/appkeys/probe`, { headers: { Origin: 'https://x.example' } });
        expect(r.headers.get('access-control-allow-origin')).toBe('https://x.example');
      }));
  });
}
