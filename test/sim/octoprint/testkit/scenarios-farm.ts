// What a farm manager asks OctoPrint once it holds a key (FDM Monster 2.1.1's OctoPrint adapter:
// dist/services/octoprint/octoprint-websocket.adapter.js): a passive login whose answer names the
// user and carries a session id, then GET /api/printer. Sources: passive_login in
// src/octoprint/server/util/flask.py and printerState in src/octoprint/server/api/printer.py.
import { describe, expect, it } from 'vitest';
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
