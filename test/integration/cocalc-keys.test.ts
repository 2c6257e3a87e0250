// CoCalc account keys as the popup drives them: the real background handlers (account.*,
// credential.verify) → the CoCalc provider from the registry → real HTTP → the simulator. The
// provider's own verify/revoke are exercised directly at the end. The browser's session is a
// cookie jar seeded with sim.sessionCookieFor('alice'), as if alice had signed in in a tab.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cocalc } from '../../src/providers/cocalc';
import type { CreateInput } from '../../src/providers/types';
import { createManualClock, startCocalcSim, type CocalcSim, type ManualClock } from '../sim/cocalc/index';
import { createAccountRig, expectKeyDeckError as failure, saved, type AccountRig } from './support/account-rig';

const HOUR = 3_600_000;
let sim: CocalcSim;
let clock: ManualClock; // the simulator's clock and KeyDeck's: both move only with sim.advance
let rig: AccountRig;

beforeEach(async () => {
  clock = createManualClock();
  sim = await startCocalcSim({ clock });
  rig = createAccountRig({ now: clock.now });
  rig.jar.seed(sim.url, sim.sessionCookieFor('alice'));
});
afterEach(async () => sim.close());

const created = async (app = 'KeyDeck Test', extra: { projectId?: string; expire?: number; withKey?: string } = {}) =>
  saved(await rig.send('account.create', { provider: 'cocalc', serverUrl: sim.url, app, ...extra }));
const listed = async (withKey?: string, serverUrl = sim.url) =>
  (await rig.send('account.list', { provider: 'cocalc', serverUrl, ...(withKey ? { withKey } : {}) })).keys;
const deleted = (credentialId: string, withKey?: string) => rig.send('account.delete', { credentialId, ...(withKey ? { withKey } : {}) });
const verified = async (id: string) => (await rig.send('credential.verify', { id })).credential.verification!;

describe('create, list, delete', () => {
  it('round trip: the vault holds exactly the secret CoCalc issued; neither create nor list returns it', async () => {
    const answer = await created();
    const { credentialId } = answer;
    const [row] = sim.keys();
    expect(row?.secret).toMatch(/^sk-/);
    const stored = await rig.vault.secrets(credentialId);
    expect(stored).toMatchObject({ provider: 'cocalc', serviceUrl: sim.url, app: 'KeyDeck Test', source: 'account-api', remoteId: String(row?.id), details: { project: 'account' } });
    expect(stored.secrets.apiKey).toBe(row?.secret);
    expect(stored.expiresAt).toBeUndefined();
    expect(JSON.stringify(answer)).not.toContain(row?.secret);
    const keys = await listed();
    expect(keys).toEqual([{ label: 'KeyDeck Test', shown: row?.trunc, expired: false, held: true, credentialId, goneOnServer: false }]);
    expect(JSON.stringify(keys)).not.toContain(row?.secret);
    // Session requests carry the cookie, and no Authorization.
    expect(sim.requestLog.every((e) => /^remember_me=/.test(e.headers.cookie ?? '') && e.headers.authorization === undefined)).toBe(true);
    await deleted(credentialId);
    expect(sim.keys()).toEqual([]);
    expect(await rig.vault.all()).toEqual([]);
    expect(await listed()).toEqual([]);
  });

  it('lists keys KeyDeck does not hold as not held', async () => {
    await created('Mine');
    // A key made on the account elsewhere (here: by the provider, without storing it).
    const other: CreateInput = { serverUrl: sim.url, app: 'Other' };
    await cocalc.accounts!.create(rig.ctx, other, { kind: 'session' });
    const keys = await listed(undefined, `${sim.url}/`);
    expect(keys.map((k) => [k.label, k.held, k.credentialId === undefined])).toEqual([['Other', false, true], ['Mine', true, false]]);
  });

  it('with an existing key as Bearer: no cookies are sent (though the browser holds a session), the key authenticates', async () => {
    const first = await created('First');
    const key = (await rig.vault.secrets(first.credentialId)).secrets.apiKey ?? '';
    const from = sim.requestLog.length;
    const second = await created('Second', { withKey: first.credentialId });
    expect((await listed(first.credentialId)).map((k) => k.label)).toEqual(['Second', 'First']);
    await deleted(second.credentialId, first.credentialId);
    expect(sim.requestLog.length).toBeGreaterThan(from);
    expect(sim.requestLog.slice(from).every((e) => e.headers.authorization === `Bearer ${key}` && e.headers.cookie === undefined)).toBe(true);
    expect(sim.keys().map((k) => k.name)).toEqual(['First']);
  });

  it('a project key is stored with its project and listed under it', async () => {
    const projectId = sim.projects.thesis.projectId;
    const { credentialId } = await created('Project', { projectId });
    expect((await rig.vault.secrets(credentialId)).details).toMatchObject({ project: projectId });
    expect(await listed()).toEqual([expect.objectContaining({ label: 'Project', project: projectId, held: true, credentialId, goneOnServer: false })]);
    sim.removeFromProject('alice', 'thesis');
    expect(await listed()).toEqual([expect.objectContaining({ project: projectId, held: true, goneOnServer: true })]);
  });
});

describe('failures', () => {
  it('signed out: a message that says to sign in at the server; nothing stored', async () => {
    rig.jar.clear();
    await failure(created(), 'forbidden', new RegExp(`not signed in to CoCalc at ${sim.url}.*Sign in`));
    await failure(listed(), 'forbidden', /not signed in/);
    expect(await rig.vault.all()).toEqual([]);
  });

  it('an expired session reads as signed out; a key CoCalc no longer takes is named as such', async () => {
    const { credentialId } = await created();
    sim.expireSessions();
    await failure(listed(), 'forbidden', /Sign in there/);
    await failure(deleted(credentialId), 'forbidden', /not signed in/);
    expect(await rig.vault.all()).toHaveLength(1);
    expect(sim.keys()).toHaveLength(1);
    // A key pasted by hand that CoCalc never issued, used to list the account's keys.
    const pasted = await rig.send('vault.add', { provider: 'cocalc', serviceUrl: sim.url, app: 'Pasted', apiKey: 'sk-notarealkey00000000aaaaaa' });
    await failure(listed(pasted.credential.id), 'forbidden', /no longer accepts this API key/);
  });

  it('HTTP 500: a server error, nothing stored', async () => {
    sim.setFault({ kind: 'status500' });
    await failure(created(), 'server-error', /server error \(HTTP 500\).*Nothing was changed/);
    expect(await rig.vault.all()).toEqual([]);
  });

  it('malformed JSON: named as such, nothing stored', async () => {
    sim.setFault({ kind: 'invalidJson' });
    await failure(created(), 'server-error', /not the JSON CoCalc sends/);
    await failure(listed(), 'server-error', /not the JSON/);
    expect(await rig.vault.all()).toEqual([]);
  });

  it('unreachable: delete keeps the local entry and the server key', async () => {
    const { credentialId } = await created();
    sim.setFault({ kind: 'drop' });
    await failure(deleted(credentialId), 'unreachable', /Could not reach.*Nothing was changed/);
    sim.setFault(null);
    expect(await rig.vault.all()).toHaveLength(1);
    expect(sim.keys()).toHaveLength(1);
    await sim.close(); // a server that is not there at all
    await failure(listed(), 'unreachable', /Could not reach/);
    await failure(deleted(credentialId), 'unreachable', /Could not reach/);
    expect(await rig.vault.all()).toHaveLength(1);
  });
});

describe('gone on the server, expiry', () => {
  it('a key deleted on the server but held locally is shown as gone; verify says it is no longer accepted', async () => {
    const { credentialId } = await created();
    sim.deleteKeyBehindTheBack(sim.keys()[0]?.id ?? -1);
    expect(await listed()).toEqual([expect.objectContaining({ held: true, credentialId, goneOnServer: true })]);
    const verification = await verified(credentialId);
    expect(verification).toMatchObject({ ok: false, at: clock.now() });
    expect(verification.summary).toMatch(/no longer accepts/);
    expect((await rig.vault.secrets(credentialId)).verification).toEqual(verification); // the popup shows the stored verdict
    // Deleting it still works: CoCalc answers the same for an id it does not have.
    await deleted(credentialId);
    expect(await rig.vault.all()).toEqual([]);
  });

  it('expiry: stored as expiresAt, listed as expired once past, refused and then gone after use', async () => {
    const expire = clock.now() + HOUR;
    const { credentialId } = await created('Short', { expire });
    expect((await rig.vault.secrets(credentialId)).expiresAt).toBe(expire);
    expect((await verified(credentialId)).ok).toBe(true);
    sim.advance(2 * HOUR);
    expect(await listed()).toEqual([expect.objectContaining({ expired: true, goneOnServer: false })]);
    const verification = await verified(credentialId);
    expect(verification.ok).toBe(false);
    expect(verification.summary).toMatch(/expired/);
    expect(await listed()).toEqual([expect.objectContaining({ held: true, goneOnServer: true })]);
  });
});

describe('the CoCalc provider', () => {
  const credentialOf = async (app?: string, extra?: { projectId?: string }) => rig.vault.secrets((await created(app, extra)).credentialId);

  it('verify: a good key is accepted and listed; it travels as Bearer without cookies (though the browser holds a session)', async () => {
    const credential = await credentialOf();
    const from = sim.requestLog.length;
    const { verification } = await cocalc.verify!(credential, rig.ctx);
    expect(verification).toMatchObject({ ok: true, at: clock.now(), warnings: [] });
    expect(verification.summary).toMatch(/accepts this key \(KeyDeck Test\)/);
    const [e] = sim.requestLog.slice(from);
    expect(e?.headers.authorization).toBe(`Bearer ${credential.secrets.apiKey}`);
    expect(e?.headers.cookie).toBeUndefined();
  });

  it('revoke: an account key deletes itself, confirmed', async () => {
    const credential = await credentialOf();
    rig.jar.clear();
    await cocalc.revoke!(credential, [], rig.ctx);
    expect(sim.keys()).toEqual([]);
  });

  it('revoke: a project key needs the session (typed error without one), then is deleted with it', async () => {
    const credential = await credentialOf('Project', { projectId: sim.projects.course.projectId });
    expect((await cocalc.verify!(credential, rig.ctx)).verification.ok).toBe(true);
    const cookie = rig.jar.cookieFor(sim.url) ?? '';
    expect(cookie).toMatch(/^remember_me=/);
    rig.jar.clear();
    await failure(cocalc.revoke!(credential, [], rig.ctx), 'forbidden', /not signed in/);
    expect(sim.keys()).toHaveLength(1);
    rig.jar.seed(sim.url, cookie);
    await cocalc.revoke!(credential, [], rig.ctx);
    expect(sim.keys()).toEqual([]);
    expect((await cocalc.verify!(credential, rig.ctx)).verification.ok).toBe(false);
  });
});
