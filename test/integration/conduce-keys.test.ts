// Conduce account API keys as the popup drives them: the real background handlers (account.*,
// credential.verify) → the Conduce provider from the registry → real HTTP → the simulator. The
// provider's own verify/revoke are exercised directly at the end. The browser's cookie store is a
// jar: sign-in fills it from Set-Cookie.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conduce } from '../../src/providers/conduce';
import { startConduceSim, type ConduceSim } from '../sim/conduce/index';
import { createAccountRig, expectKeyDeckError as failure, saved, type AccountRig } from './support/account-rig';

const AT = 1_800_000_000_000; // KeyDeck's clock
let sim: ConduceSim;
let rig: AccountRig;

beforeEach(async () => {
  sim = await startConduceSim({ clock: 'manual' });
  rig = createAccountRig({ now: () => AT });
});
afterEach(async () => sim.close());

const signIn = (password = sim.users.dana.password) =>
  rig.send('account.signIn', { provider: 'conduce', serverUrl: sim.url, email: sim.users.dana.email, password });
const created = async (app: string, withKey?: string) =>
  saved(await rig.send('account.create', { provider: 'conduce', serverUrl: sim.url, app, ...(withKey ? { withKey } : {}) }));
const listed = async (withKey?: string) => (await rig.send('account.list', { provider: 'conduce', serverUrl: sim.url, ...(withKey ? { withKey } : {}) })).keys;
const deleted = (credentialId: string, withKey?: string) => rig.send('account.delete', { credentialId, ...(withKey ? { withKey } : {}) });
const secretOf = async (credentialId: string) => (await rig.vault.secrets(credentialId)).secrets.apiKey ?? '';

describe('sign in', () => {
  it('the password is sent once, to the login endpoint only, and kept nowhere', async () => {
    await signIn();
    await created('KeyDeck Test');
    await listed();
    const password = sim.users.dana.password;
    const withPassword = sim.requestLog.filter((e) => e.body.includes(password) || e.path.includes(password));
    expect(withPassword.map((e) => e.path)).toEqual(['/conduce/api/v1/user/login']);
    expect(JSON.parse(withPassword[0]?.body ?? '{}')).toEqual({ email: sim.users.dana.email, password, keep: false });
    expect(JSON.stringify(rig.storage.raw('local'))).toContain('KeyDeck Test'); // the key was stored…
    expect(JSON.stringify([rig.storage.raw('local'), rig.storage.raw('session')])).not.toContain(password); // …the password nowhere
  });

  it('a wrong password says so', async () => {
    await failure(signIn('nope'), 'forbidden', /wrong email or password/);
    await failure(listed(), 'forbidden', /not signed in/);
  });
});

describe('create, list, delete', () => {
  it('round trip: the description names the app; the vault holds exactly the key Conduce issued; list never returns it', async () => {
    await signIn();
    const answer = await created('KeyDeck Test');
    const { credentialId } = answer;
    const [record] = sim.keys();
    expect(record).toMatchObject({ owner: 'dana', description: 'KeyDeck Test' });
    const stored = await rig.vault.secrets(credentialId);
    expect(stored).toMatchObject({ provider: 'conduce', serviceUrl: sim.url, app: 'KeyDeck Test', source: 'account-api', createdAt: AT });
    expect(stored.secrets.apiKey).toBe(record?.apikey);
    expect(JSON.stringify(answer)).not.toContain(record?.apikey);

    const keys = await listed();
    expect(keys).toEqual([{ label: 'KeyDeck Test', shown: `••••${record?.apikey.slice(-4)}`, expired: false, held: true, credentialId, goneOnServer: false }]);
    expect(JSON.stringify(keys)).not.toContain(record?.apikey);

    await deleted(credentialId);
    expect(sim.keys()).toEqual([]);
    expect(await rig.vault.all()).toEqual([]);
    expect(await listed()).toEqual([]);
  });

  it('keys KeyDeck does not hold are listed as not held', async () => {
    await signIn();
    await created('Mine');
    await fetch(`${sim.apiBase}/apikeys/create`, { method: 'POST', headers: { Cookie: sim.sessionCookieFor('dana'), 'Content-Type': 'application/json' }, body: '{"description":"Other"}' });
    expect((await listed()).map((k) => [k.label, k.held])).toEqual([['Mine', true], ['Other', false]]);
  });

  it('with an existing key as Bearer (no cookies, though signed in); a key cannot delete itself, and nothing is removed', async () => {
    await signIn();
    const a = await created('App A');
    const key = await secretOf(a.credentialId);
    const from = sim.requestLog.length;
    const b = await created('App B', a.credentialId);
    expect((await listed(a.credentialId)).map((k) => k.label)).toEqual(['App A', 'App B']);
    await deleted(b.credentialId, a.credentialId);
    expect(sim.requestLog.length).toBeGreaterThan(from);
    for (const e of sim.requestLog.slice(from)) {
      expect(e.headers.authorization).toBe(`Bearer ${key}`);
      expect(e.headers.cookie).toBeUndefined();
    }
    const sent = sim.requestLog.length;
    await failure(deleted(a.credentialId, a.credentialId), 'unsupported', /cannot|does not let an API key delete itself/);
    expect(sim.requestLog.length).toBe(sent);
    expect(await rig.vault.all()).toHaveLength(1);
    expect(sim.keys()).toHaveLength(1);
  });
});

describe('failures', () => {
  it('not signed in, or the session expired: says so and to sign in again', async () => {
    await failure(created('App X'), 'forbidden', new RegExp(`session expired or you are not signed in. Sign in to Conduce at ${sim.url}`));
    await signIn();
    const { credentialId } = await created('App X');
    sim.expireSessions();
    await failure(listed(), 'forbidden', /session expired/);
    await failure(deleted(credentialId), 'forbidden', /session expired/);
    expect(await rig.vault.all()).toHaveLength(1);
    expect(sim.keys()).toHaveLength(1);
  });

  it('HTTP 500 on create and on sign-in: a server error, nothing stored', async () => {
    await signIn();
    sim.setFault({ kind: 'status500' });
    await failure(created('App X'), 'server-error', /server error \(HTTP 500\)/);
    await failure(signIn(), 'server-error', /server error.*not signed in/);
    expect(await rig.vault.all()).toEqual([]);
  });

  it('malformed JSON: named as such, nothing stored', async () => {
    await signIn();
    sim.setFault({ kind: 'invalidJson' });
    await failure(created('App X'), 'server-error', /not the JSON Conduce sends/);
    await failure(listed(), 'server-error', /not the JSON/);
    expect(await rig.vault.all()).toEqual([]);
  });

  it('unreachable: delete keeps both the local entry and the server key', async () => {
    await signIn();
    const { credentialId } = await created('App X');
    sim.setFault({ kind: 'drop' });
    await failure(deleted(credentialId), 'unreachable', /Could not reach.*Nothing was changed/);
    sim.setFault(null);
    expect(await rig.vault.all()).toHaveLength(1);
    expect(sim.keys()).toHaveLength(1);
  });
});

describe('gone on the server; the Conduce provider', () => {
  it('a key deleted on the server but held locally shows as gone; verify says it is no longer accepted; delete forgets it', async () => {
    await signIn();
    const { credentialId } = await created('App X');
    sim.deleteKeyBehindTheBack(await secretOf(credentialId));
    expect(await listed()).toEqual([expect.objectContaining({ held: true, credentialId, goneOnServer: true, label: 'App X' })]);
    const { verification } = (await rig.send('credential.verify', { id: credentialId })).credential;
    expect(verification).toMatchObject({ ok: false, at: AT });
    expect(verification?.summary).toMatch(/no longer accepts/);
    await deleted(credentialId);
    expect(await rig.vault.all()).toEqual([]);
  });

  it('verify: a good key is accepted and listed, sent as Bearer without cookies (though signed in)', async () => {
    await signIn();
    const credential = await rig.vault.secrets((await created('App X')).credentialId);
    const from = sim.requestLog.length;
    expect((await conduce.verify!(credential, rig.ctx)).verification).toMatchObject({ ok: true, at: AT });
    expect(sim.requestLog.length).toBeGreaterThan(from);
    expect(sim.requestLog.slice(from).every((e) => e.headers.authorization?.startsWith('Bearer ') && !e.headers.cookie)).toBe(true);
  });

  it('revoke: with another key KeyDeck holds for the server', async () => {
    await signIn();
    const a = await rig.vault.secrets((await created('App A')).credentialId);
    const b = await rig.vault.secrets((await created('App B')).credentialId);
    rig.jar.clear();
    await conduce.revoke!(b, [a, b], rig.ctx);
    expect(sim.keys().map((k) => k.description)).toEqual(['App A']);
  });

  it('revoke: with the session when no other key is held; without either it fails typed', async () => {
    await signIn();
    const a = await rig.vault.secrets((await created('App A')).credentialId);
    const b = await rig.vault.secrets((await created('App B')).credentialId);
    await conduce.revoke!(a, [a], rig.ctx);
    expect(sim.keys().map((k) => k.description)).toEqual(['App B']);
    rig.jar.clear();
    await failure(conduce.revoke!(b, [b], rig.ctx), 'revoke-failed', /cannot delete itself/);
    expect(sim.keys()).toHaveLength(1);
  });
});
