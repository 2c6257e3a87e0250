// CoCalc account keys: real client, account-keys service and backend against the simulator over real HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttp } from '../../src/providers/http';
import { createCocalcAccountKeys } from '../../src/providers/cocalc/account-keys';
import { createCocalcBackend } from '../../src/providers/cocalc/backend';
import { cocalcClientFactory, type CocalcAuth } from '../../src/providers/cocalc/client';
import { createCookieJar, createSessionHttp } from '../../src/background/session-http';
import { createVault, type Vault } from '../../src/background/vault';
import { KeyDeckError } from '../../src/shared/errors';
import { startCocalcSim, type CocalcSim } from '../sim/cocalc/index';
import { createMemoryStorage } from './support/memory-storage';

const START = Date.UTC(2026, 1, 3, 9, 30, 0); // the simulator's manual clock starts here
const HOUR = 3_600_000;
let sim: CocalcSim, t: number;
let jar: ReturnType<typeof createCookieJar>;
let vault: Vault;
let service: ReturnType<typeof createCocalcAccountKeys>;
let backend: ReturnType<typeof createCocalcBackend>; // the browser session: a jar seeded with sim.sessionCookieFor

beforeEach(async () => {
  sim = await startCocalcSim({ clock: 'manual' });
  t = START;
  jar = createCookieJar();
  jar.seed(sim.url, sim.sessionCookieFor('alice'));
  const client = cocalcClientFactory(createHttp(), createSessionHttp(fetch, jar));
  vault = createVault(createMemoryStorage());
  service = createCocalcAccountKeys({ vault, client, now: () => t });
  backend = createCocalcBackend({ client, now: () => t });
});
afterEach(async () => sim.close());

const advance = (ms: number): void => void (sim.advance(ms), (t += ms));

async function failure(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await promise.then(() => new Error('expected a KeyDeckError, but it resolved'), (e: unknown) => e);
  expect(error).toBeInstanceOf(KeyDeckError);
  expect({ code: (error as KeyDeckError).code, message: (error as KeyDeckError).message }).toEqual({ code, message: expect.stringMatching(message) });
}

const created = (app = 'KeyDeck Test', extra: { projectId?: string; expire?: number } = {}) => service.createKey(sim.url, { app, ...extra });

describe('create, list, delete', () => {
  it('round trip: the vault holds exactly the secret CoCalc issued; neither create nor list returns it', async () => {
    const { credentialId, key } = await created();
    const [row] = sim.keys();
    expect(row?.secret).toMatch(/^sk-/);
    const stored = await vault.get(credentialId);
    expect(stored).toMatchObject({ provider: 'cocalc', serviceUrl: sim.url, app: 'KeyDeck Test', source: 'account-api', remoteId: String(row?.id), details: { project: 'account' } });
    expect(stored.secrets.apiKey).toBe(row?.secret);
    expect(stored.expiresAt).toBeUndefined();
    expect(JSON.stringify(key)).not.toContain(row?.secret);
    const listed = await service.listKeys(sim.url);
    expect(listed).toEqual([expect.objectContaining({ id: row?.id, name: 'KeyDeck Test', trunc: row?.trunc, held: true, credentialId, goneOnServer: false, expired: false })]);
    expect(JSON.stringify(listed)).not.toContain(row?.secret);
    // Session requests carry the cookie, and no Authorization.
    expect(sim.requestLog.every((e) => /^remember_me=/.test(e.headers.cookie ?? '') && e.headers.authorization === undefined)).toBe(true);
    await service.deleteKey(credentialId);
    expect(sim.keys()).toEqual([]);
    expect(await vault.list()).toEqual([]);
    expect(await service.listKeys(sim.url)).toEqual([]);
  });

  it('lists keys KeyDeck does not hold as not held', async () => {
    await created('Mine');
    const client = cocalcClientFactory(createHttp(), createSessionHttp(fetch, jar));
    await createCocalcAccountKeys({ vault: createVault(createMemoryStorage()), client }).createKey(sim.url, { app: 'Other' });
    const listed = await service.listKeys(`${sim.url}/`);
    expect(listed.map((k) => [k.name, k.held, k.credentialId === undefined])).toEqual([['Other', false, true], ['Mine', true, false]]);
  });

  it('with an existing key as Bearer: no cookies are sent, the key authenticates', async () => {
    const first = await created('First');
    const key = (await vault.get(first.credentialId)).secrets.apiKey ?? '';
    const auth: CocalcAuth = { kind: 'key', key };
    jar.clear();
    const from = sim.requestLog.length;
    const second = await service.createKey(sim.url, { app: 'Second', auth });
    expect((await service.listKeys(sim.url, auth)).map((k) => k.name)).toEqual(['Second', 'First']);
    await service.deleteKey(second.credentialId, auth);
    expect(sim.requestLog.slice(from).every((e) => e.headers.authorization === `Bearer ${key}` && e.headers.cookie === undefined)).toBe(true);
    expect(sim.keys().map((k) => k.name)).toEqual(['First']);
  });

  it('a project key is stored with its project and listed under it', async () => {
    const projectId = sim.projects.thesis.projectId;
    const { credentialId } = await created('Project', { projectId });
    expect((await vault.get(credentialId)).details).toMatchObject({ project: projectId });
    const listed = await service.listKeys(sim.url);
    expect(listed).toEqual([expect.objectContaining({ name: 'Project', projectId, held: true, goneOnServer: false })]);
    sim.removeFromProject('alice', 'thesis');
    expect(await service.listKeys(sim.url)).toEqual([expect.objectContaining({ projectId, held: true, goneOnServer: true })]);
  });
});

describe('failures', () => {
  it('signed out: a message that says to sign in at the server; nothing stored', async () => {
    jar.clear();
    await failure(created(), 'forbidden', new RegExp(`not signed in to CoCalc at ${sim.url}.*Sign in`));
    await failure(service.listKeys(sim.url), 'forbidden', /not signed in/);
    expect(await vault.list()).toEqual([]);
  });

  it('an expired session reads as signed out; a key CoCalc no longer takes is named as such', async () => {
    const { credentialId } = await created();
    sim.expireSessions();
    await failure(service.listKeys(sim.url), 'forbidden', /Sign in there/);
    await failure(service.deleteKey(credentialId), 'forbidden', /not signed in/);
    expect(await vault.list()).toHaveLength(1);
    expect(sim.keys()).toHaveLength(1);
    await failure(service.listKeys(sim.url, { kind: 'key', key: 'sk-notarealkey00000000aaaaaa' }), 'forbidden', /no longer accepts this API key/);
  });

  it('HTTP 500: a server error, nothing stored', async () => {
    sim.setFault({ kind: 'status500' });
    await failure(created(), 'server-error', /server error \(HTTP 500\).*Nothing was changed/);
    expect(await vault.list()).toEqual([]);
  });

  it('malformed JSON: named as such, nothing stored', async () => {
    sim.setFault({ kind: 'invalidJson' });
    await failure(created(), 'server-error', /not the JSON CoCalc sends/);
    await failure(service.listKeys(sim.url), 'server-error', /not the JSON/);
    expect(await vault.list()).toEqual([]);
  });

  it('unreachable: delete keeps the local entry and the server key', async () => {
    const { credentialId } = await created();
    sim.setFault({ kind: 'drop' });
    await failure(service.deleteKey(credentialId), 'unreachable', /Could not reach.*Nothing was changed/);
    sim.setFault(null);
    expect(await vault.list()).toHaveLength(1);
    expect(sim.keys()).toHaveLength(1);
    await sim.close(); // a server that is not there at all
    await failure(service.listKeys(sim.url), 'unreachable', /Could not reach/);
    await failure(service.deleteKey(credentialId), 'unreachable', /Could not reach/);
    expect(await vault.list()).toHaveLength(1);
  });
});

describe('gone on the server, expiry', () => {
  it('a key deleted on the server but held locally is shown as gone; verify says it is no longer accepted', async () => {
    const { credentialId } = await created();
    sim.deleteKeyBehindTheBack(sim.keys()[0]?.id ?? -1);
    expect(await service.listKeys(sim.url)).toEqual([expect.objectContaining({ held: true, credentialId, goneOnServer: true })]);
    const { verification } = await backend.verify!(await vault.get(credentialId));
    expect(verification).toMatchObject({ ok: false, at: t });
    expect(verification.summary).toMatch(/no longer accepts/);
    // Deleting it still works: CoCalc answers the same for an id it does not have.
    await service.deleteKey(credentialId);
    expect(await vault.list()).toEqual([]);
  });

  it('expiry: stored as expiresAt, listed as expired once past, refused and then gone after use', async () => {
    const { credentialId } = await created('Short', { expire: t + HOUR });
    expect((await vault.get(credentialId)).expiresAt).toBe(t + HOUR);
    expect((await backend.verify!(await vault.get(credentialId))).verification.ok).toBe(true);
    advance(2 * HOUR);
    expect(await service.listKeys(sim.url)).toEqual([expect.objectContaining({ expired: true, goneOnServer: false })]);
    const { verification } = await backend.verify!(await vault.get(credentialId));
    expect(verification.ok).toBe(false);
    expect(verification.summary).toMatch(/expired/);
    expect(await service.listKeys(sim.url)).toEqual([expect.objectContaining({ held: true, goneOnServer: true })]);
  });
});

describe('provider backend', () => {
  it('verify: a good key is accepted and listed; it travels as Bearer without cookies', async () => {
    const { credentialId } = await created();
    const credential = await vault.get(credentialId);
    const from = sim.requestLog.length;
    const { verification } = await backend.verify!(credential);
    expect(verification).toMatchObject({ ok: true, at: t, warnings: [] });
    expect(verification.summary).toMatch(/accepts this key \(KeyDeck Test\)/);
    const [e] = sim.requestLog.slice(from);
    expect(e?.headers.authorization).toBe(`Bearer ${credential.secrets.apiKey}`);
    expect(e?.headers.cookie).toBeUndefined();
  });

  it('revoke: an account key deletes itself, confirmed', async () => {
    const { credentialId } = await created();
    jar.clear();
    await backend.revoke!(await vault.get(credentialId), []);
    expect(sim.keys()).toEqual([]);
  });

  it('revoke: a project key needs the session (typed error without one), then is deleted with it', async () => {
    const { credentialId } = await created('Project', { projectId: sim.projects.course.projectId });
    const credential = await vault.get(credentialId);
    expect((await backend.verify!(credential)).verification.ok).toBe(true);
    const cookie = jar.cookieFor(sim.url) ?? '';
    jar.clear();
    await failure(backend.revoke!(credential, []), 'forbidden', /not signed in/);
    expect(sim.keys()).toHaveLength(1);
    jar.seed(sim.url, cookie);
    await backend.revoke!(credential, []);
    expect(sim.keys()).toEqual([]);
    expect((await backend.verify!(credential)).verification.ok).toBe(false);
  });
});
