// Browser-facing pages, the sim-only pending feed, fault injection and the request log.
import { describe, expect, it } from 'vitest';
import { Browser, call, requestKey } from './client';
import { withSim } from './harness';

export function registerUiTests(): void {
  describe('UI pages', () => {
    it('anonymous "/" redirects to /login/; the login page has the real markers and logs in with a POST', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const anon = await call(`${sim.url}/`);
        expect([anon.status, anon.headers.get('location')]).toEqual([302, '/login/?redirect=%2F%3F&permissions=STATUS,SETTINGS_READ']);
        const b = new Browser(sim.url);
        const login = await b.call('/login/?redirect=%2F%3F&permissions=STATUS,SETTINGS_READ');
        for (const marker of ['<title>OctoPrint Login</title>', 'id="login-user"', 'id="login-password"', 'id="login-button"',
          'var REDIRECT_URL = "/?";', 'api/login', 'X-CSRF-Token']) expect(login.text).toContain(marker);
        await b.post('/api/login', { user: 'admin', pass: sim.users.admin.password });
        expect((await b.call('/login/?redirect=%2F')).headers.get('location')).toBe('/');
        const index = await b.call('/');
        expect(index.status).toBe(200);
        for (const marker of ['<html data-octoprint-version="1.11.8">', '<title data-bind="text: title">OctoPrint</title>',
          'id="navbar"', 'id="page-container-main"', '/static/webassets/packed_libs.js', '/static/webassets/packed_client.js',
          '/static/webassets/packed_core.js', 'id="settings_dialog"', 'id="settingsTabs"', 'id="settings_plugin_appkeys_link"',
          'id="settings_plugin_appkeys"', 'id="settings_plugin_appkeys_allkeys_table"', 'id="settings_api"', 'id="settings-apiCors"',
          'id="usersettings_plugin_appkeys"', 'id="plugin_appkeys_keygenerated"', 'plugin_appkeys_keygenerated_key_text',
          'ui-pnotify-title', 'Access Request', '/sim/pending', 'setTimeout(poll, 250)']) expect(index.text).toContain(marker);
        const js = await call(`${sim.url}/static/webassets/packed_core.js?sim`);
        expect([js.status, js.headers.get('content-type')]).toEqual([200, 'application/javascript; charset=utf-8']);
      }));

    it('/sim/pending feeds the notice script; a decision as the UI sends it removes the entry', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        expect((await call(`${sim.url}/sim/pending`)).status).toBe(403);
        const bob = new Browser(sim.url);
        await bob.login('bob', sim.users.bob.password);
        await requestKey(sim.url, { app: 'For Admin', user: 'admin' });
        const { location } = await requestKey(sim.url, { app: '<KeyDeck>' });
        const list = (await bob.call('/sim/pending')).json<Array<{ app_id: string; remote_address: string; user_token: string }>>();
        expect(list.map((p) => [p.app_id, p.remote_address])).toEqual([['<KeyDeck>', '127.0.0.1']]);
        const allow = await bob.post(`/plugin/appkeys/decision/${list[0]?.user_token ?? ''}`, { decision: true });
        expect(allow.status).toBe(204);
        expect((await bob.call('/sim/pending')).json()).toEqual([]);
        expect((await call(location)).status).toBe(200);
        sim.advance(5_000);
        expect(sim.pending()).toEqual([]);
      }));
  });

  describe('test controls', () => {
    it('faults: status500, invalidJson, drop, slow, scoped by path prefix, then cleared', () =>
      withSim({}, async (sim) => {
        sim.setFault({ kind: 'status500' }, '/plugin/appkeys/probe');
        expect((await call(`${sim.url}/plugin/appkeys/probe`)).status).toBe(500);
        expect((await call(`${sim.url}/api/currentuser`)).status).toBe(200);
        sim.setFault({ kind: 'invalidJson' });
        const broken = await call(`${sim.url}/api/currentuser`);
        expect(broken.status).toBe(200);
        expect(() => broken.json()).toThrow();
        sim.setFault({ kind: 'drop' });
        await expect(fetch(`${sim.url}/plugin/appkeys/probe`)).rejects.toThrow();
        sim.setFault({ kind: 'slow', ms: 300 });
        const started = Date.now();
        expect((await call(`${sim.url}/plugin/appkeys/probe`)).status).toBe(204);
        expect(Date.now() - started).toBeGreaterThanOrEqual(280);
        sim.setFault(null);
        expect((await call(`${sim.url}/plugin/appkeys/probe`)).status).toBe(204);
      }));

    it('requestLog records method, path and headers; advance() needs a manual clock', () =>
      withSim({}, async (sim) => {
        await call(`${sim.url}/api/version`, { headers: { 'X-Api-Key': sim.users.admin.apiKey } });
        await requestKey(sim.url);
        const entries = sim.requestLog.map((e) => [e.method, e.path]);
        expect(entries).toEqual([['GET', '/api/version'], ['POST', '/plugin/appkeys/request']]);
        expect(sim.requestLog[0]?.headers['x-api-key']).toBe(sim.users.admin.apiKey);
        expect(sim.requestLog.some((e) => e.path.includes(sim.users.admin.apiKey))).toBe(false);
        expect(() => sim.advance(1)).toThrow(/manual clock/);
      }));
  });
}
