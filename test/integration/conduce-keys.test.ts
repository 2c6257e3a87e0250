// Conduce account API keys through the real client, account-keys service and provider backend
// (→ createHttp / session fetch → fetch) against the Conduce simulator over real HTTP.
// The browser's cookie store is a jar: sign-in fills it from Set-Cookie.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttp } from '../../src/providers/http';
import { createCookieJar, createSessionHttp } from '../../src/background/session-http';
import { createConduceAccountKeys } from '../../src/providers/conduce/account-keys';
import { createConduceBackend } from '../../src/providers/conduce/backend';
import { conduceClientFactory, type ConduceAuth } from '../../src/providers/conduce/client';
import { createVault, type Vault } from '../../src/background/vault';
import { KeyDeckError } from '../../src/shared/errors';
import { startConduceSim, type ConduceSim } from '../sim/conduce/index';
import { createMemoryStorage, type MemoryStorage } from './support/memory-storage';

const AT = 1_800_000_000_000;
let sim: ConduceSim;
let jar: ReturnType<typeof createCookieJar>;
let storage: MemoryStorage;
let vault: Vault;
let service: ReturnType<typeof createConduceAccountKeys>;
let backend: ReturnType<typeof createConduceBackend>;

beforeEach(async () => {
  sim = await startConduceSim({ clock: 'manual' });
  jar = createCookieJar();
  const client = conduceClientFactory(createHttp(), createSessionHttp(fetch, jar));
  storage = createMemoryStorage();
  vault = createVault(storage);
  service = createConduceAccountKeys({ vault, client, now: () => AT });
  backend = createConduceBackend({ client, now: () => AT });
});
afterEach(async () => sim.close());

async function failure(promise: Promise<unknown>, code: string, message: RegExp): Promise<KeyDeckError> {
  const error = await promise.then(() => new Error('expected a KeyDeckError, but it resolved'), (e: unknown) => e);
  expect(error).toBeInstanceOf(KeyDeckError);
  expect((error as KeyDeckError).code).toBe(code);
  expect((error as KeyDeckError).message).toMatch(message);
  return error as KeyDeckError;
}

const signIn = () => service.signIn(sim.url, sim.users.dana.email, sim.users.dana.password);
const secretOf = async (credentialId: string) => (await vault.get(credentialId)).secrets.apiKey ?? '';

describe('sign in', () => {
  it('the password is sent once, to the login endpoint only, and kept nowhere', async () => {
    await signIn();
    await service.createKey(sim.url, { app: 'KeyDeck Test' });
    await service.listKeys(sim.url);
    const password = sim.users.dana.password;
    const withPassword = sim.requestLog.filter((e) => e.body.includes(password) || e.path.includes(password));
    expect(withPassword.map((e) => e.path)).toEqual(['/conduce/api/v1/user/login']);
    expect(JSON.parse(withPassword[0]?.body ?? '{}')).toEqual({ email: sim.users.dana.email, password, keep: false });
    expect(JSON.stringify(storage.snapshot())).not.toContain(password);
  });

  it('a wrong password says so', async () => {
    await failure(service.signIn(sim.url, sim.users.dana.email, 'nope'), 'forbidden', /wrong email or password/);
    await failure(service.listKeys(sim.url), 'forbidden', /not signed in/);
  });
});

describe('create, list, delete', () => {
  it('round trip: the description names the app; the vault holds exactly the key Conduce issued; list never returns it', async () => {
    await signIn();
    const { credentialId, key } = await service.createKey(sim.url, { app: 'KeyDeck Test' });
    const [record] = sim.keys();
    expect(record).toMatchObject({ owner: 'dana', description: 'KeyDeck Test' });
    const stored = await vault.get(credentialId);
    expect(stored).toMatchObject({ provider: 'conduce', serviceUrl: sim.url, app: 'KeyDeck Test', source: 'account-api', createdAt: AT });
    expect(stored.secrets.apiKey).toBe(record?.apikey);
    expect(JSON.stringify(key)).not.toContain(record?.apikey);

    const listed = await service.listKeys(sim.url);
    expect(listed).toEqual([{ maskedKey: `••••••••${record?.apikey.slice(-4)}`, description: 'KeyDeck Test', created: record?.created, held: true, credentialId, goneOnServer: false }]);
    expect(JSON.stringify(listed)).not.toContain(record?.apikey);

    await service.deleteKey(credentialId);
    expect(sim.keys()).toEqual([]);
    expect(await vault.list()).toEqual([]);
    expect(await service.listKeys(sim.url)).toEqual([]);
  });

  it('keys KeyDeck does not hold are listed as not held', async () => {
    await signIn();
    await service.createKey(sim.url, { app: 'Mine' });
    await fetch(`${sim.apiBase}/apikeys/create`, { method: 'POST', headers: { Cookie: sim.sessionCookieFor('dana'), 'Content-Type': 'application/json' }, body: '{"description":"Other"}' });
    const listed = await service.listKeys(sim.url);
    expect(listed.map((k) => [k.description, k.held])).toEqual([['Mine', true], ['Other', false]]);
  });

  it('with an existing key as Bearer (no cookies); a key cannot delete itself, and nothing is removed', async () => {
    await signIn();
    const a = await service.createKey(sim.url, { app: 'A' });
    jar.clear();
    const auth: ConduceAuth = { kind: 'key', key: await secretOf(a.credentialId) };
    const from = sim.requestLog.length;
    const b = await service.createKey(sim.url, { app: 'B', auth });
    expect((await service.listKeys(sim.url, auth)).map((k) => k.description)).toEqual(['A', 'B']);
    await service.deleteKey(b.credentialId, auth);
    for (const e of sim.requestLog.slice(from)) {
      expect(e.headers.authorization).toBe(`Bearer ${auth.key}`);
      expect(e.headers.cookie).toBeUndefined();
    }
    const sent = sim.requestLog.length;
    await failure(service.deleteKey(a.credentialId, auth), 'unsupported', /cannot|does not let an API key delete itself/);
    expect(sim.requestLog.length).toBe(sent);
    expect(await vault.list()).toHaveLength(1);
    expect(sim.keys()).toHaveLength(1);
  });
});

describe('failures', () => {
  it('not signed in, or the session expired: says so and to sign in again', async () => {
    await failure(service.createKey(sim.url, { app: 'X' }), 'forbidden', new RegExp(`session expired or you are not signed in. Sign in to Conduce at ${sim.url}`));
    await signIn();
    const { credentialId } = await service.createKey(sim.url, { app: 'X' });
    sim.expireSessions();
    await failure(service.listKeys(sim.url), 'forbidden', /session expired/);
    await failure(service.deleteKey(credentialId), 'forbidden', /session expired/);
    expect(await vault.list()).toHaveLength(1);
    expect(sim.keys()).toHaveLength(1);
  });

  it('HTTP 500 on create and on sign-in: a server error, nothing stored', async () => {
    await signIn();
    sim.setFault({ kind: 'status500' });
    await failure(service.createKey(sim.url, { app: 'X' }), 'server-error', /server error \(HTTP 500\)/);
    await failure(signIn(), 'server-error', /server error.*not signed in/);
    expect(await vault.list()).toEqual([]);
  });

  it('malformed JSON: named as such, nothing stored', async () => {
    await signIn();
    sim.setFault({ kind: 'invalidJson' });
    await failure(service.createKey(sim.url, { app: 'X' }), 'server-error', /not the JSON Conduce sends/);
    await failure(service.listKeys(sim.url), 'server-error', /not the JSON/);
    expect(await vault.list()).toEqual([]);
  });

  it('unreachable: delete keeps both the local entry and the server key', async () => {
    await signIn();
    const { credentialId } = await service.createKey(sim.url, { app: 'X' });
    sim.setFault({ kind: 'drop' });
    await failure(service.deleteKey(credentialId), 'unreachable', /Could not reach.*Nothing was changed/);
    sim.setFault(null);
    expect(await vault.list()).toHaveLength(1);
    expect(sim.keys()).toHaveLength(1);
  });
});

describe('gone on the server; provider backend', () => {
  it('a key deleted on the server but held locally shows as gone; verify says it is no longer accepted; delete forgets it', async () => {
    await signIn();
    const { credentialId } = await service.createKey(sim.url, { app: 'X' });
    sim.deleteKeyBehindTheBack(await secretOf(credentialId));
    expect(await service.listKeys(sim.url)).toEqual([expect.objectContaining({ held: true, credentialId, goneOnServer: true, description: 'X' })]);
    const { verification } = await backend.verify!(await vault.get(credentialId));
    expect(verification).toMatchObject({ ok: false, at: AT });
    expect(verification.summary).toMatch(/no longer accepts/);
    await service.deleteKey(credentialId);
    expect(await vault.list()).toEqual([]);
  });

  it('verify: a good key is accepted and listed, sent as Bearer without cookies', async () => {
    await signIn();
    const { credentialId } = await service.createKey(sim.url, { app: 'X' });
    const from = sim.requestLog.length;
    expect((await backend.verify!(await vault.get(credentialId))).verification).toMatchObject({ ok: true, at: AT });
    expect(sim.requestLog.slice(from).every((e) => e.headers.authorization?.startsWith('Bearer ') && !e.headers.cookie)).toBe(true);
  });

  it('revoke: with another key KeyDeck holds for the server', async () => {
    await signIn();
    const a = await vault.get((await service.createKey(sim.url, { app: 'A' })).credentialId);
    const b = await vault.get((await service.createKey(sim.url, { app: 'B' })).credentialId);
    jar.clear();
    await backend.revoke!(b, [a, b]);
    expect(sim.keys().map((k) => k.description)).toEqual(['A']);
  });

  it('revoke: with the session when no other key is held; without either it fails typed', async () => {
    await signIn();
    const a = await vault.get((await service.createKey(sim.url, { app: 'A' })).credentialId);
    const b = await vault.get((await service.createKey(sim.url, { app: 'B' })).credentialId);
    await backend.revoke!(a, [a]);
    expect(sim.keys().map((k) => k.description)).toEqual(['B']);
    jar.clear();
    await failure(backend.revoke!(b, [b]), 'revoke-failed', /cannot delete itself/);
    expect(sim.keys()).toHaveLength(1);
  });
});
