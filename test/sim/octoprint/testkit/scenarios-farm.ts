// What a farm manager asks OctoPrint once it holds a key (FDM Monster 2.1.1's OctoPrint adapter:
// dist/services/octoprint/octoprint-websocket.adapter.js): a passive login whose answer names the
// user and carries a session id, then GET /api/printer. Sources: passive_login in
// src/octoprint/server/util/flask.py and printerState in src/octoprint/server/api/printer.py.
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { call } from './client';
import { HEX_32, withSim } from './harness';

export function registerFarmTests(): void {
  describe('a farm manager’s calls (FDM Monster)', () => {
    it('passive login with a key names the user and hands out a fresh session id each time; the global key is _api; a bad key fails CSRF (as the real 1.11.8 answered FDM Monster)', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const passive = (key: string) => call(`${sim.url}/api/login`, { json: { passive: true }, headers: { 'X-Api-Key': key } });
        const first = await passive(sim.users.admin.apiKey);
        expect(first.status).toBe(200);
        const a = first.json<{ name: string; session: string; _login_mechanism: string }>();
        expect(a).toMatchObject({ name: 'admin', _login_mechanism: 'apikey', session: expect.stringMatching(HEX_32) });
        expect((await passive(sim.users.admin.apiKey)).json<{ session: string }>().session).not.toBe(a.session);
        expect((await passive(sim.globalKey!)).json()).toMatchObject({ name: '_api' });
        // An invalid key is no API-key login, so the POST needs a CSRF token (../shared/fdm-monster.md, observed).
        const bad = await passive('A'.repeat(43));
        expect([bad.status, bad.json()]).toEqual([400, { error: 'CSRF validation failed' }]);
      }));

    it('GET /api/printer: 409 "Printer is not operational" (no printer attached) with a key that has STATUS, 403 without', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const printer = (key: string) => call(`${sim.url}/api/printer?history=true`, { headers: { 'X-Api-Key': key } });
        const ok = await printer(sim.users.viewer.apiKey);
        expect(ok.status).toBe(409);
        expect(ok.json()).toEqual({ error: 'Printer is not operational' });
        expect((await printer('A'.repeat(43))).status).toBe(403);
      }));
  });
}

/** One push-socket conversation: the first message, then what the client sends. */
async function pushSession(url: string, send: unknown[]): Promise<unknown> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/sockjs/websocket`);
  const first = await new Promise<unknown>((resolve, reject) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.once('error', reject);
  });
  for (const message of send) ws.send(JSON.stringify(message));
  // A ping's pong comes after the server handled everything sent before it.
  await new Promise<void>((resolve) => {
    ws.once('pong', () => resolve());
    ws.ping();
  });
  ws.close();
  return first;
}

export function registerPushTests(): void {
  describe('the push socket (sockjs/websocket)', () => {
    it('says "connected" first; {"auth": "user:session"} logs it in only with a session a login handed to that user', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const login = await call(`${sim.url}/api/login`, { json: { passive: true }, headers: { 'X-Api-Key': sim.users.admin.apiKey } });
        const { session } = login.json<{ session: string }>();
        const first = await pushSession(sim.url, [{ auth: `admin:${session}` }, { throttle: 1 }]);
        expect(first).toMatchObject({ connected: { version: sim.version, display_version: sim.version, safe_mode: false } });
        await pushSession(sim.url, [{ auth: `bob:${session}` }]);
        await pushSession(sim.url, [{ auth: 'admin:NOT-A-SESSION' }]);
        expect(sim.pushClients.map((c) => c.user)).toEqual(['admin', null, null]);
        expect(sim.requestLog.filter((e) => e.path === '/sockjs/websocket')).toHaveLength(3);
      }));
  });
}
