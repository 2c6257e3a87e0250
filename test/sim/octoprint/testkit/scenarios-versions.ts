// Version switches and deployment variants: key formats, old behaviours, reverse
// proxy prefix and headers, basic auth in front, disabled plugin, no set-up.
import { describe, expect, it } from 'vitest';
import { Browser, call, requestKey } from './client';
import { HEX_32, URLSAFE_43, withSim } from './harness';

export function registerVersionTests(): void {
  describe('version switches', () => {
    it('43-char url-safe keys from 1.10.3, 32 upper-case hex before; keyFormat overrides', async () => {
      const cases = [[{ version: '1.10.3' }, URLSAFE_43], [{ version: '1.10.2' }, HEX_32], [{ keyFormat: 'hex32' as const }, HEX_32]] as const;
      for (const [options, pattern] of cases) {
        await withSim({ clock: 'manual', ...options }, async (sim) => {
          expect(sim.users.admin.apiKey).toMatch(pattern);
          const { token, location } = await requestKey(sim.url);
          expect(token).toMatch(pattern);
          sim.approve(token);
          expect((await call(location)).json<{ api_key: string }>().api_key).toMatch(pattern);
        });
      }
    });

    it('1.8.4-1.10.x answer 403 to any request with an invalid key, probe and poll included', async () => {
      for (const [version, probeStatus] of [['1.10.1', 403], ['1.8.3', 204], ['1.11.0', 204]] as const) {
        await withSim({ clock: 'manual', version }, async (sim) => {
          const bad = { headers: { 'X-Api-Key': 'INVALIDKEY' } };
          expect((await call(`${sim.url}/plugin/appkeys/probe`, bad)).status).toBe(probeStatus);
          const { location } = await requestKey(sim.url);
          expect((await call(location, bad)).status).toBe(probeStatus === 403 ? 403 : 202);
          expect((await call(location)).status).toBe(202);
        });
      }
    });

    it('pre-1.10: no ?app= lookup, listings carry the key, revoke needs the key', () =>
      withSim({ clock: 'manual', version: '1.9.3' }, async (sim) => {
        const h = { 'X-Api-Key': sim.users.admin.apiKey };
        const key = (await call(`${sim.url}/api/plugin/appkeys`, { json: { command: 'generate', app: 'KeyDeck' }, headers: h }))
          .json<{ api_key: string }>().api_key;
        const lookup = await call(`${sim.url}/api/plugin/appkeys?app=KeyDeck`, { headers: h });
        expect(lookup.json()).toEqual({ keys: [{ api_key: key, app_id: 'KeyDeck', user_id: 'admin' }], pending: {} });
        const byApp = await call(`${sim.url}/api/plugin/appkeys`, { json: { command: 'revoke', app: 'KeyDeck' }, headers: h });
        expect(byApp.json()).toEqual({ error: 'Mandatory parameters missing' });
        expect((await call(`${sim.url}/api/plugin/appkeys`, { json: { command: 'revoke', key }, headers: h })).status).toBe(204);
      }));

    it('1.5: plain-text errors, no auth dialog, no GRANT or CSRF checks', () =>
      withSim({ clock: 'manual', version: '1.5.3' }, async (sim) => {
        const noApp = await call(`${sim.url}/plugin/appkeys/request`, { json: {} });
        expect([noApp.status, noApp.text]).toEqual([400, 'No app name provided']);
        const { token, reply } = await requestKey(sim.url);
        expect(Object.keys(reply.json<object>())).toEqual(['app_token']);
        expect((await call(`${sim.url}/plugin/appkeys/auth/${token}`)).status).toBe(404);
        const viewer = new Browser(sim.url);
        await viewer.login('viewer', sim.users.viewer.password);
        const ut = sim.pending()[0]?.userToken ?? '';
        expect((await viewer.call(`/plugin/appkeys/decision/${ut}`, { json: { decision: true } })).status).toBe(204);
      }));

    it('data-octoprint-version only from 1.11.0', async () => {
      for (const [version, has] of [['1.11.0', true], ['1.10.3', false]] as const) {
        await withSim({ clock: 'manual', version }, async (sim) => {
          const b = new Browser(sim.url);
          await b.login('admin', sim.users.admin.password);
          expect((await b.call('/')).text.includes(`data-octoprint-version="${version}"`)).toBe(has);
        });
      }
    });
  });

  describe('deployment variants', () => {
    it('basePath: URLs carry the prefix, cookies get the _R suffix, unprefixed paths still work', () =>
      withSim({ clock: 'manual', basePath: '/octoprint' }, async (sim) => {
        expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/octoprint`);
        const { token, location, reply } = await requestKey(sim.url);
        expect(location).toBe(`${sim.url}/plugin/appkeys/request/${token}`);
        expect(reply.json<{ auth_dialog: string }>().auth_dialog).toBe(`${sim.url}/plugin/appkeys/auth/${token}`);
        expect((await call(`http://127.0.0.1:${sim.port}/plugin/appkeys/probe`)).status).toBe(204);
        const page = await call(`${sim.url}/login/`);
        expect(page.setCookies.some((c) => c.startsWith(`csrf_token_P${sim.port}_R|octoprint=`) && c.includes('Path=/octoprint/'))).toBe(true);
        expect((await call(`${sim.url}/`)).headers.get('location')).toBe('/octoprint/login/?redirect=%2Foctoprint%2F%3F&permissions=STATUS,SETTINGS_READ');
        const b = new Browser(sim.url);
        expect((await b.login('admin', sim.users.admin.password)).status).toBe(200);
        expect((await b.call('/')).status).toBe(200);
      }));

    it('X-Script-Name, X-Forwarded-Host and X-Forwarded-Proto shape Location and auth_dialog', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const r = await call(`${sim.url}/plugin/appkeys/request`, { json: { app: 'KeyDeck Proxy' }, headers: {
          'X-Script-Name': '/octoprint', 'X-Forwarded-Host': 'printer.example:8443', 'X-Forwarded-Proto': 'https' } });
        const token = r.json<{ app_token: string }>().app_token;
        expect(r.headers.get('location')).toBe(`https://printer.example:8443/octoprint/plugin/appkeys/request/${token}`);
        expect(r.json<{ auth_dialog: string }>().auth_dialog).toBe(`https://printer.example:8443/octoprint/plugin/appkeys/auth/${token}`);
      }));

    it('basic auth in front of everything: 401 + WWW-Authenticate: Basic, then normal service', () =>
      withSim({ clock: 'manual', basicAuth: { user: 'proxy', password: 'pw' } }, async (sim) => {
        const denied = await call(`${sim.url}/plugin/appkeys/probe`);
        expect(denied.status).toBe(401);
        expect(denied.headers.get('www-authenticate')).toMatch(/^Basic /);
        const auth = { Authorization: `Basic ${Buffer.from('proxy:pw').toString('base64')}` };
        expect((await call(`${sim.url}/plugin/appkeys/probe`, { headers: auth })).status).toBe(204);
        const me = await call(`${sim.url}/api/currentuser`, { headers: { ...auth, 'X-Api-Key': sim.users.bob.apiKey } });
        expect(me.json<{ name: string }>().name).toBe('bob');
      }));

    it('plugin disabled: probe and every appkeys endpoint 404', () =>
      withSim({ clock: 'manual', pluginEnabled: false }, async (sim) => {
        expect((await call(`${sim.url}/plugin/appkeys/probe`)).status).toBe(404);
        expect((await requestKey(sim.url)).reply.status).toBe(404);
        expect((await call(`${sim.url}/api/plugin/appkeys`, { headers: { 'X-Api-Key': sim.users.admin.apiKey } })).status).toBe(404);
        expect((await call(`${sim.url}/api/version`, { headers: { 'X-Api-Key': sim.users.admin.apiKey } })).status).toBe(200);
      }));

    it('not set up: probe and request 403, currentuser guest, settings readable, index is the wizard', () =>
      withSim({ clock: 'manual', setUp: false }, async (sim) => {
        expect(sim.globalKey).toBeNull();
        expect((await call(`${sim.url}/plugin/appkeys/probe`)).status).toBe(403);
        const req = (await requestKey(sim.url)).reply;
        expect([req.status, req.headers.get('cache-control')]).toEqual([403, 'no-cache']);
        expect((await call(`${sim.url}/api/currentuser`)).json<{ name: null }>().name).toBeNull();
        expect((await call(`${sim.url}/api/settings`)).json()).toMatchObject({ api: { key: null } });
        expect((await call(`${sim.url}/`)).status).toBe(200);
      }));
  });
}
