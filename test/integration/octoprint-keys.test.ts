// Verification and revocation of OctoPrint keys through the OctoPrint provider from the registry
// (verify / revoke → client → http → fetch) against the simulator over real HTTP.
// Every test starts its own simulator; an afterEach closes it.
import { afterEach, describe, expect, it } from 'vitest';
import { octoprint } from '../../src/providers/octoprint';
import type { ProviderContext } from '../../src/providers/types';
import type { Credential } from '../../src/shared/credential';
import { KeyDeckError } from '../../src/shared/errors';
import { startOctoPrintSim } from '../sim/octoprint/index';
import type { OctoPrintSim, OctoPrintSimOptions, SimRequestLogEntry } from '../sim/octoprint/types';
import { createProviderContext } from './support/provider-context';
import { generateAppKey, keyApprovedBy, keyWorks } from './support/sim-api';

const AT = 1_700_000_000_000;
const PROXY = { user: 'proxy', password: 'pr0xy-pass' };

const running: OctoPrintSim[] = [];
afterEach(async () => {
  for (const sim of running.splice(0)) await sim.close();
});

interface Keys {
  sim: OctoPrintSim;
  ctx: ProviderContext;
}

/** A fresh simulator, and what the background hands the provider (over `fetchImpl`, e.g. a proxy). */
async function keys(options: OctoPrintSimOptions = {}, fetchImpl?: typeof fetch): Promise<Keys> {
  const sim = await startOctoPrintSim({ clock: 'manual', ...options });
  running.push(sim);
  return { sim, ctx: createProviderContext({ ...(fetchImpl ? { fetch: fetchImpl } : {}), now: () => AT }) };
}

let serial = 0;
function credential(sim: OctoPrintSim, apiKey: string, fields: Partial<Credential> = {}): Credential {
  return {
    id: `credential-${++serial}`,
    provider: 'octoprint',
    serviceUrl: sim.url,
    app: 'KeyDeck Test',
    secrets: { apiKey },
    source: 'manual',
    createdAt: AT,
    ...fields,
  };
}

const verify = (k: Keys, c: Credential) => octoprint.verify!(c, k.ctx);
const revoke = (k: Keys, c: Credential, others: Credential[] = []) => octoprint.revoke!(c, others, k.ctx);
/** POST /api/plugin/appkeys (generate or revoke) from log entry `from` on. */
const revokeCalls = (sim: OctoPrintSim, from: number) =>
  sim.requestLog.slice(from).filter((e) => e.method === 'POST' && e.path.endsWith('/api/plugin/appkeys'));
const keyIn = (e: SimRequestLogEntry) => e.headers['x-api-key'];

/** Keys travel in the X-Api-Key header only: never in a URL, never as a Bearer token. */
function expectKeysOnlyInHeaders(sim: OctoPrintSim, ...secrets: string[]): void {
  for (const entry of sim.requestLog) {
    expect(entry.path).not.toMatch(/apikey=/i);
    for (const secret of secrets) expect(entry.path).not.toContain(secret);
    expect(entry.headers.authorization ?? '').not.toMatch(/^Bearer/i);
  }
}

async function expectKeyDeckError(promise: Promise<unknown>, code: string, message: RegExp): Promise<KeyDeckError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a KeyDeckError ${code}, but it resolved`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeyDeckError);
  expect((error as KeyDeckError).code).toBe(code);
  expect((error as KeyDeckError).message).toMatch(message);
  return error as KeyDeckError;
}

describe('verifying a key', () => {
  it('an admin user key works; the warnings name the missing Operator group and CORS being off; the server version is shown', async () => {
    const k = await keys();
    const admin = k.sim.users.admin.apiKey;
    const { verification, user } = await verify(k, credential(k.sim, admin));
    expect(user).toBe('admin');
    expect(verification).toMatchObject({ at: AT, ok: true, serverVersion: '1.11.8' });
    expect(verification.summary).toMatch(/admin/);
    expect(verification.summary).toContain('1.11.8');
    expect(verification.warnings).toHaveLength(2);
    expect(verification.warnings.find((w) => /Operator/.test(w))).toMatch(/User admin is not in Operator\b/);
    expect(verification.warnings.join(' ')).not.toMatch(/not in Admins/);
    expect(verification.warnings.find((w) => /CORS/.test(w))).toMatch(/CORS is off/);
    // /api/version (validity), /api/currentuser (who), /api/settings (CORS): the key in the header each time.
    expect(k.sim.requestLog.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /api/version', 'GET /api/currentuser', 'GET /api/settings']);
    expect(k.sim.requestLog.every((e) => keyIn(e) === admin)).toBe(true);
    expectKeysOnlyInHeaders(k.sim, admin);
  });

  it('with CORS on there is no CORS warning', async () => {
    const k = await keys({ cors: true });
    const { verification } = await verify(k, credential(k.sim, k.sim.users.admin.apiKey));
    expect(verification.ok).toBe(true);
    expect(verification.warnings).toHaveLength(1);
    expect(verification.warnings[0]).toMatch(/Operator/);
    expect(verification.warnings.join(' ')).not.toMatch(/CORS/);
  });

  it('an Application Key of bob (Operator, not Admins) works, with a warning about Admins', async () => {
    const k = await keys({ cors: true });
    const bobsKey = await generateAppKey(k.sim, k.sim.users.bob.apiKey, 'KeyDeck Test');
    const { verification, user } = await verify(k, credential(k.sim, bobsKey));
    expect(user).toBe('bob');
    expect(verification.ok).toBe(true);
    expect(verification.summary).toMatch(/bob/);
    expect(verification.warnings).toEqual([expect.stringMatching(/User bob is not in Admins:.*Admins and Operator/)]);
  });

  it('a read-only user (viewer) is warned about both groups', async () => {
    const k = await keys({ cors: true });
    const { verification, user } = await verify(k, credential(k.sim, k.sim.users.viewer.apiKey));
    expect(user).toBe('viewer');
    expect(verification.ok).toBe(true);
    expect(verification.warnings).toEqual([expect.stringMatching(/User viewer is not in Admins or Operator/)]);
  });

  it('the global API key works, with a warning that it is the deprecated global key', async () => {
    const k = await keys();
    const global = k.sim.globalKey!;
    const { verification, user } = await verify(k, credential(k.sim, global));
    expect(user).toBe('_api');
    expect(verification.ok).toBe(true);
    const warning = verification.warnings.find((w) => /global API key/.test(w));
    expect(warning).toMatch(/deprecated/);
    expect(warning).toMatch(/own Application Key/);
    // _api is in admins and users: no group warning.
    expect(verification.warnings.join(' ')).not.toMatch(/is not in/);
  });

  it('a key approved while using the global key belongs to _api and is useless: not ok, and the message says why', async () => {
    const k = await keys();
    const key = await keyApprovedBy(k.sim, 'KeyDeck Global', '_api');
    expect(k.sim.keys()).toContainEqual({ appId: 'KeyDeck Global', userId: '_api', apiKey: key });
    const { verification, user } = await verify(k, credential(k.sim, key, { app: 'KeyDeck Global' }));
    expect(user).toBeUndefined();
    expect(verification.ok).toBe(false);
    expect(verification.summary).toMatch(/global API key/);
    expect(verification.summary).toMatch(/_api/);
  });

  it('a revoked key is not ok: OctoPrint rejects it', async () => {
    const k = await keys();
    const key = await generateAppKey(k.sim, k.sim.users.admin.apiKey, 'KeyDeck Test');
    expect((await verify(k, credential(k.sim, key))).verification.ok).toBe(true);
    const gone = await fetch(`${k.sim.url}/api/plugin/appkeys`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': k.sim.users.admin.apiKey },
      body: JSON.stringify({ command: 'revoke', app: 'KeyDeck Test' }),
    });
    expect(gone.status).toBe(204);
    const { verification, user } = await verify(k, credential(k.sim, key));
    expect(user).toBeUndefined();
    expect(verification).toMatchObject({ at: AT, ok: false, warnings: [] });
    expect(verification.summary).toMatch(/rejects this key \(403\)/);
    expect(verification.summary).toMatch(/revoked/);
  });

  it.each([
    ['a made-up key', () => 'A'.repeat(43)],
    ['a key of another server', () => 'Zq3'.repeat(14) + 'x'],
  ])('%s is rejected (403): not ok', async (_, makeKey) => {
    const k = await keys();
    const key = makeKey();
    const { verification } = await verify(k, credential(k.sim, key));
    expect(verification.ok).toBe(false);
    expect(verification.summary).toMatch(/rejects this key/);
    expect(k.sim.requestLog.map((e) => e.path)).toEqual(['/api/version']); // no further calls once rejected
    expectKeysOnlyInHeaders(k.sim, key);
  });

  it('an invalid key on 1.10.2 (403 on every request) is rejected the same way', async () => {
    const k = await keys({ version: '1.10.2' });
    const { verification } = await verify(k, credential(k.sim, 'B'.repeat(32)));
    expect(verification.ok).toBe(false);
    expect(verification.summary).toMatch(/rejects this key \(403\)/);
  });

  it('HTTP basic auth in front (401): without the proxy credentials the key is not judged; with them it works', async () => {
    const k = await keys({ basicAuth: PROXY });
    const admin = k.sim.users.admin.apiKey;
    await expectKeyDeckError(verify(k, credential(k.sim, admin)), 'unreachable', /basic auth.*not checked/);
    const { verification, user } = await verify(k, credential(k.sim, admin, { secrets: { apiKey: admin, basicUser: PROXY.user, basicPassword: PROXY.password } }));
    expect(user).toBe('admin');
    expect(verification.ok).toBe(true);
    const withProxy = k.sim.requestLog.slice(1);
    expect(withProxy.length).toBeGreaterThan(0);
    expect(withProxy.every((e) => e.headers.authorization === `Basic ${btoa(`${PROXY.user}:${PROXY.password}`)}` && keyIn(e) === admin)).toBe(true);
  });

  it('an unreachable server is a typed error, not a verdict on the key', async () => {
    const k = await keys();
    await k.sim.close();
    await expectKeyDeckError(verify(k, credential(k.sim, k.sim.users.admin.apiKey)), 'unreachable', /Could not reach 127\.0\.0\.1:\d+.*not checked/);
  });
});

describe('revoking a key', () => {
  it('on 1.11.8 an Application Key revokes itself by app (204), and KeyDeck confirms OctoPrint now rejects it', async () => {
    const k = await keys();
    const admin = k.sim.users.admin.apiKey;
    const key = await generateAppKey(k.sim, admin, 'KeyDeck Test');
    const other = await generateAppKey(k.sim, admin, 'Other App');
    const mark = k.sim.requestLog.length;
    await revoke(k, credential(k.sim, key, { user: 'admin' }));
    const revoking = k.sim.requestLog.slice(mark);
    expect(await keyWorks(k.sim, key)).toBe(false);
    expect(await keyWorks(k.sim, other)).toBe(true);
    expect(k.sim.keys().map((x) => x.appId)).toEqual(['Other App']);
    // OctoPrint's entry for (admin, KeyDeck Test) is this key, so one revoke by app, sent with the key
    // itself; the last word is a GET /api/version that got 403.
    expect(revoking.map((e) => `${e.method} ${e.path}`)).toEqual([
      'GET /api/version',
      'GET /api/plugin/appkeys?app=KeyDeck+Test&user=admin',
      'POST /api/plugin/appkeys',
      'GET /api/version',
    ]);
    expect(revoking.every((e) => keyIn(e) === key)).toBe(true);
    expectKeysOnlyInHeaders(k.sim, key, admin);
  });

  it.each(['1.9.3', '1.5.3'])('on an old server (%s, revoke by key only) the key is revoked and confirmed', async (version) => {
    const k = await keys({ version });
    const key = await generateAppKey(k.sim, k.sim.users.admin.apiKey, 'KeyDeck Test');
    expect(key).toMatch(/^[0-9A-F]{32}$/);
    const mark = k.sim.requestLog.length;
    await revoke(k, credential(k.sim, key, { user: 'admin' }));
    expect(await keyWorks(k.sim, key)).toBe(false);
    expect(k.sim.keys()).toEqual([]);
    // No `?app=` look-up before 1.10: KeyDeck revokes by key at once, with the key itself.
    expect(revokeCalls(k.sim, mark).map(keyIn)).toEqual([key]);
  });

  it('when the key cannot revoke itself, another stored admin key for the same server does it (a non-admin one is tried and refused)', async () => {
    // OctoPrint lets an Application Key revoke itself, so the key's own attempt is refused here by a
    // proxy in front (403 to POST /api/plugin/appkeys sent with that key).
    let blocked = '';
    let refused = 0;
    const proxy: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      if (init?.method === 'POST' && String(input).endsWith('/api/plugin/appkeys') && headers.get('X-Api-Key') === blocked && ++refused)
        return new Response(JSON.stringify({ error: 'Forbidden' }), { status: 403, headers: { 'Content-Type': 'application/json' } });
      return fetch(input, init);
    };
    const k = await keys({}, proxy);
    const elsewhere = await keys();
    const admin = k.sim.users.admin.apiKey;
    const bobsKey = await generateAppKey(k.sim, k.sim.users.bob.apiKey, 'Bob App');
    const key = await generateAppKey(k.sim, admin, 'KeyDeck Test');
    blocked = key;
    const others = [
      credential(elsewhere.sim, elsewhere.sim.users.admin.apiKey, { app: 'Admin elsewhere' }), // another server: never used
      credential(k.sim, admin, { provider: 'cocalc', app: 'Not OctoPrint' }), // another provider: never used
      credential(k.sim, bobsKey, { app: 'Bob App', user: 'bob' }), // not an admin: OctoPrint refuses
      credential(k.sim, admin, { app: 'Admin', user: 'admin' }), // admin: allowed
    ];
    const mark = k.sim.requestLog.length;
    await revoke(k, credential(k.sim, key, { user: 'admin' }), others);
    expect(await keyWorks(k.sim, key)).toBe(false);
    expect(await keyWorks(k.sim, bobsKey)).toBe(true);
    expect(k.sim.keys().map((x) => x.appId)).toEqual(['Bob App']);
    expect(elsewhere.sim.requestLog).toEqual([]);
    // The key's own attempt stopped at the proxy; then bob's key (403 from OctoPrint), then admin's (204).
    expect(refused).toBe(1);
    expect(revokeCalls(k.sim, mark).map(keyIn)).toEqual([bobsKey, admin]);
  });

  it('an unreachable server is a typed error, and nothing is claimed', async () => {
    const k = await keys();
    const key = await generateAppKey(k.sim, k.sim.users.admin.apiKey, 'KeyDeck Test');
    k.sim.setFault({ kind: 'drop' });
    await expectKeyDeckError(revoke(k, credential(k.sim, key)), 'unreachable', /Could not reach 127\.0\.0\.1:\d+.*not revoked/);
    k.sim.setFault(null);
    expect(await keyWorks(k.sim, key)).toBe(true);
    await k.sim.close();
    await expectKeyDeckError(revoke(k, credential(k.sim, key)), 'unreachable', /not revoked/);
    expect(k.sim.keys().map((x) => x.apiKey)).toEqual([key]);
  });

  it('basic auth in front without its credentials: a typed error, and the key is not claimed revoked', async () => {
    const k = await keys({ basicAuth: PROXY });
    const reach = { basicAuth: PROXY };
    const key = await generateAppKey(k.sim, k.sim.users.admin.apiKey, 'KeyDeck Test', undefined, reach);
    await expectKeyDeckError(revoke(k, credential(k.sim, key)), 'unreachable', /basic auth.*not revoked/);
    expect(await keyWorks(k.sim, key, reach)).toBe(true);
    await revoke(k, credential(k.sim, key, { secrets: { apiKey: key, basicUser: PROXY.user, basicPassword: PROXY.password } }));
    expect(await keyWorks(k.sim, key, reach)).toBe(false);
  });

  it('a key nothing can revoke (a user’s own API key) is "revoke-failed", and it still works', async () => {
    const k = await keys();
    const bobUserKey = k.sim.users.bob.apiKey;
    const bobsAppKey = await generateAppKey(k.sim, bobUserKey, 'Bob App');
    await expectKeyDeckError(
      revoke(k, credential(k.sim, bobUserKey, { user: 'bob' }), [credential(k.sim, bobsAppKey, { app: 'Bob App', user: 'bob' })]),
      'revoke-failed',
      /still accepts this key/,
    );
    expect(await keyWorks(k.sim, bobUserKey)).toBe(true);
    expect(await keyWorks(k.sim, bobsAppKey)).toBe(true);
  });

  it('the global key: OctoPrint answers 204 to an admin, but the key still works, so KeyDeck says "revoke-failed"', async () => {
    const k = await keys();
    const global = k.sim.globalKey!;
    await expectKeyDeckError(
      revoke(k, credential(k.sim, global), [credential(k.sim, k.sim.users.admin.apiKey, { app: 'Admin', user: 'admin' })]),
      'revoke-failed',
      /still accepts this key.*Settings → Application Keys/,
    );
    expect(await keyWorks(k.sim, global)).toBe(true);
  });

  it('revoking a key never takes another key with it (same app name, other owner or kind of key)', async () => {
    // The entry holds bob's own user key under the label "OctoFarm"; bob and admin also have real
    // "OctoFarm" Application Keys. Revoking the entry must not touch those.
    const k = await keys();
    const admin = k.sim.users.admin.apiKey;
    const bobUserKey = k.sim.users.bob.apiKey;
    const bobsOctoFarm = await generateAppKey(k.sim, bobUserKey, 'OctoFarm');
    const adminsOctoFarm = await generateAppKey(k.sim, admin, 'OctoFarm');
    await expectKeyDeckError(
      revoke(k, credential(k.sim, bobUserKey, { app: 'OctoFarm' }), [credential(k.sim, admin, { app: 'Admin', user: 'admin' })]),
      'revoke-failed',
      /still accepts this key/,
    );
    expect(await keyWorks(k.sim, bobsOctoFarm)).toBe(true);
    expect(await keyWorks(k.sim, adminsOctoFarm)).toBe(true);
    expect(k.sim.keys()).toHaveLength(2);
  });

  it('an entry naming the wrong user revokes its own key, not that user’s key for the same app', async () => {
    // Bob's "OctoFarm" key stored as if it were admin's; admin has an "OctoFarm" key of their own.
    const k = await keys();
    const admin = k.sim.users.admin.apiKey;
    const bobsOctoFarm = await generateAppKey(k.sim, k.sim.users.bob.apiKey, 'OctoFarm');
    const adminsOctoFarm = await generateAppKey(k.sim, admin, 'OctoFarm');
    await revoke(k, credential(k.sim, bobsOctoFarm, { app: 'OctoFarm', user: 'admin' }), [credential(k.sim, admin, { app: 'Admin', user: 'admin' })]);
    expect(await keyWorks(k.sim, bobsOctoFarm)).toBe(false);
    expect(await keyWorks(k.sim, adminsOctoFarm)).toBe(true);
    expect(k.sim.keys()).toEqual([{ appId: 'OctoFarm', userId: 'admin', apiKey: adminsOctoFarm }]);
  });
});
