// The request/poll/decide workflow, its timers and the rate limit.
import { describe, expect, it } from 'vitest';
import { call, requestKey } from './client';
import { URLSAFE_43, withSim } from './harness';

export function registerFlowTests(): void {
  describe('appkeys request workflow', () => {
    it('probe 204, request 201 with absolute Location, 202 polls, key exactly once', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const probe = await call(`${sim.url}/plugin/appkeys/probe`);
        expect(probe.status).toBe(204);
        expect(probe.headers.get('content-type')).toBe('text/plain');
        const { token, location, reply } = await requestKey(sim.url);
        expect(reply.status).toBe(201);
        expect(reply.headers.get('cache-control')).toBe('no-cache');
        expect(reply.headers.get('content-type')).toBe('application/json');
        expect(token).toMatch(URLSAFE_43);
        expect(location).toBe(`${sim.url}/plugin/appkeys/request/${token}`);
        expect(reply.json()).toEqual({ app_token: token, auth_dialog: `${sim.url}/plugin/appkeys/auth/${token}` });
        const waiting = await call(location);
        expect(waiting.status).toBe(202);
        expect(waiting.json()).toEqual({ message: 'Awaiting decision' });
        expect(waiting.headers.get('cache-control')).toBeNull();
        expect(sim.pending().map((p) => p.appId)).toEqual(['KeyDeck']);
        expect(sim.approve(token)).toBe(true);
        const got = await call(location);
        expect(got.status).toBe(200);
        const key = got.json<{ api_key: string }>().api_key;
        expect(key).toMatch(URLSAFE_43);
        expect(sim.keys()).toEqual([{ appId: 'KeyDeck', userId: 'admin', apiKey: key }]);
        expect((await call(location)).status).toBe(404);
        const me = await call(`${sim.url}/api/currentuser`, { headers: { 'X-Api-Key': key } });
        expect(me.json<{ name: string }>().name).toBe('admin');
      }));

    it('deny, unknown token and approval of an existing app key', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const a = await requestKey(sim.url);
        expect(sim.deny(a.token)).toBe(true);
        expect((await call(a.location)).status).toBe(404);
        expect((await call(`${sim.url}/plugin/appkeys/request/doesnotexist`)).status).toBe(404);
        const b = await requestKey(sim.url, { app: 'KeyDeck' });
        sim.approve(b.token, 'bob');
        const first = (await call(b.location)).json<{ api_key: string }>().api_key;
        const c = await requestKey(sim.url, { app: 'keydeck' });
        sim.approve(c.token, 'bob');
        expect((await call(c.location)).json<{ api_key: string }>().api_key).toBe(first);
        expect(sim.approve('nope')).toBe(false);
      }));

    it('request validation: 400 without body, form body, missing app; 405 on GET', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const url = `${sim.url}/plugin/appkeys/request`;
        const generic = 'The browser (or proxy) sent a request that this server could not understand.';
        const none = await call(url, { method: 'POST' });
        expect([none.status, none.json()]).toEqual([400, { error: generic }]);
        const form = await call(url, { body: 'app=KeyDeck', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
        expect(form.status).toBe(400);
        const noApp = await call(url, { json: { name: 'KeyDeck' } });
        expect([noApp.status, noApp.json()]).toEqual([400, { error: 'No app name provided' }]);
        expect(noApp.headers.get('cache-control')).toBe('no-cache');
        const get = await call(url);
        expect([get.status, get.json()]).toEqual([405, { error: 'The method is not allowed for the requested URL.' }]);
      }));

    it('a user-bound request carries ?user= in auth_dialog and cannot be approved by others', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const { token, reply, location } = await requestKey(sim.url, { app: 'KeyDeck Bound', user: 'bob' });
        expect(reply.json<{ auth_dialog: string }>().auth_dialog).toBe(`${sim.url}/plugin/appkeys/auth/${token}?user=bob`);
        expect(sim.pending()[0]?.userId).toBe('bob');
        expect(sim.approve(token, 'admin')).toBe(false);
        expect(sim.approve(token)).toBe(true);
        expect((await call(location)).status).toBe(200);
        expect(sim.keys()[0]?.userId).toBe('bob');
      }));

    it('an unpolled request is dropped after 5 s; every poll restarts the timer', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const a = await requestKey(sim.url);
        sim.advance(4_900);
        expect(sim.pending()).toHaveLength(1);
        sim.advance(200);
        expect(sim.pending()).toHaveLength(0);
        expect((await call(a.location)).status).toBe(404);
        const b = await requestKey(sim.url);
        for (let i = 0; i < 4; i++) {
          sim.advance(4_500);
          expect((await call(b.location)).status).toBe(202);
        }
        sim.advance(6_000);
        expect((await call(b.location)).status).toBe(404);
      }));

    it('polling does not outlive the 10 minute hard limit', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const { location } = await requestKey(sim.url);
        let last = 0;
        for (let elapsed = 0; elapsed < 11 * 60_000; elapsed += 4_000) {
          sim.advance(4_000);
          last = (await call(location)).status;
          if (last === 404) {
            expect(elapsed + 4_000).toBeGreaterThan(10 * 60_000);
            break;
          }
        }
        expect(last).toBe(404);
      }));

    it('an approved request waits for its poll (the key is made then)', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const { token, location } = await requestKey(sim.url);
        sim.approve(token);
        sim.advance(60_000);
        expect(sim.keys()).toHaveLength(0);
        expect((await call(location)).status).toBe(200);
        expect(sim.keys()).toHaveLength(1);
      }));

    it('rate limit on 1.11.2+: 3/minute, 5/10 minutes per address, 429 without Retry-After', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        for (let i = 0; i < 3; i++) expect((await requestKey(sim.url)).reply.status).toBe(201);
        const limited = (await requestKey(sim.url)).reply;
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBeNull();
        expect(limited.json()).toEqual({ error: 'You have made too many app key requests. Please try again later.' });
        sim.advance(61_000);
        expect((await requestKey(sim.url)).reply.status).toBe(201);
        expect((await requestKey(sim.url)).reply.status).toBe(201);
        expect((await requestKey(sim.url)).reply.status).toBe(429);
        sim.advance(61_000);
        expect((await requestKey(sim.url)).reply.status).toBe(429);
      }));

    it('the limit is per client address (X-Forwarded-For from a local proxy counts)', () =>
      withSim({ clock: 'manual' }, async (sim) => {
        const from = (ip: string) => call(`${sim.url}/plugin/appkeys/request`, { json: { app: 'KeyDeck' }, headers: { 'X-Forwarded-For': ip } });
        for (let i = 0; i < 3; i++) expect((await from('192.0.2.10')).status).toBe(201);
        expect((await from('192.0.2.10')).status).toBe(429);
        expect((await from('192.0.2.11')).status).toBe(201);
        expect(sim.pending().at(-1)?.remoteAddress).toBe('192.0.2.11');
      }));

    it('no rate limit before 1.11.2 or when switched off', async () => {
      for (const options of [{ version: '1.11.1' }, { rateLimit: false }]) {
        await withSim({ clock: 'manual', ...options }, async (sim) => {
          for (let i = 0; i < 6; i++) expect((await requestKey(sim.url)).reply.status).toBe(201);
        });
      }
    });
  });
}
