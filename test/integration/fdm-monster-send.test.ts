// FDM Monster as the popup drives it: the real background handlers (account.*, fdm.send, vault.add) →
// the vault → the FDM Monster provider → the REAL FDM Monster 2.1.1 (test/fdm-monster/server.ts, loopback
// only), with the project's OctoPrint simulator on other loopback addresses as the printers. First the
// Accounts panel's path (sign in → KeyDeck makes its own key → listed), then sending printers with that
// key. FDM Monster checks each printer's key itself: its verdicts are what these tests read. The tests
// run in order on one FDM Monster: the key the sign-in makes is the one the sends use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fdmSessions } from '../../src/providers/fdm-monster/sessions';
import { octoprint } from '../../src/providers/octoprint';
import type { Credential } from '../../src/shared/credential';
import type { FdmSendResult } from '../../src/shared/messages';
import { startFdmMonster, type FdmMonster } from '../fdm-monster/server';
import { startOctoPrintSim } from '../sim/octoprint/index';
import type { OctoPrintSim } from '../sim/octoprint/types';
import { createAccountRig, expectKeyDeckError, saved, type AccountRig } from './support/account-rig';
import { keyApprovedBy } from './support/sim-api';

let fdm: FdmMonster;
let rig: AccountRig;
let targetId: string;
const sims: OctoPrintSim[] = [];

beforeAll(async () => {
  fdm = await startFdmMonster();
  rig = createAccountRig({ now: () => Date.now() });
}, 120_000);
afterAll(async () => {
  for (const sim of sims.splice(0)) await sim.close();
  await fdm?.close();
});

let lastHost = 40;
/** An OctoPrint on its own loopback address, its admin in Admins and Operator. */
async function printer(): Promise<OctoPrintSim> {
  const sim = await startOctoPrintSim({ host: `127.0.0.${++lastHost}` });
  sim.setGroups('admin', ['admins', 'users']);
  sims.push(sim);
  return sim;
}

/** An Application Key for FDM Monster, approved in OctoPrint, verified by KeyDeck and in its vault. */
async function heldKey(sim: OctoPrintSim, app = 'FDM Monster'): Promise<{ id: string; apiKey: string }> {
  const apiKey = await keyApprovedBy(sim, app, 'admin');
  const credential: Omit<Credential, 'id'> = { provider: 'octoprint', serviceUrl: sim.url, app, secrets: { apiKey }, source: 'workflow', createdAt: Date.now() };
  const { verification, user } = await octoprint.verify!({ ...credential, id: 'new' }, rig.ctx);
  const entry = await rig.vault.add({ ...credential, verification, ...(user ? { user } : {}) });
  return { id: entry.id, apiKey };
}

const send = (credentialIds: string[], forceSave?: boolean) => rig.send('fdm.send', { targetId, credentialIds, ...(forceSave ? { forceSave } : {}) });

async function fdmPrinters(): Promise<{ id: number; name: string; printerURL: string; apiKey: string }[]> {
  const { status, json } = await fdm.api('GET', '/api/v2/printer');
  expect(status).toBe(200);
  return json as { id: number; name: string; printerURL: string; apiKey: string }[];
}

const statuses = (results: FdmSendResult[]) => results.map((r) => [r.credentialId, r.status]);

const PROVIDER = 'fdm-monster';
const signIn = (password = fdm.admin.password) => rig.send('account.signIn', { provider: PROVIDER, serverUrl: fdm.url, email: fdm.admin.username, password });
const createKey = async (app: string, withKey?: string) => saved(await rig.send('account.create', { provider: PROVIDER, serverUrl: fdm.url, app, ...(withKey ? { withKey } : {}) }));
const listed = async (withKey?: string) => (await rig.send('account.list', { provider: PROVIDER, serverUrl: fdm.url, ...(withKey ? { withKey } : {}) })).keys;
const fdmKeys = async () => (await fdm.api('GET', '/api/v2/api-keys')).json as { id: number; label: string; prefix: string; roles: string[] }[];

describe('FDM Monster accounts: sign in, KeyDeck makes its own key', () => {
  it('not signed in: making or listing keys says to sign in; a wrong password says so', async () => {
    await expectKeyDeckError(createKey('KeyDeck farm'), 'forbidden', new RegExp(`needs you signed in: sign in to FDM Monster at ${fdm.url} in KeyDeck \\(user name and password\\)`));
    await expectKeyDeckError(listed(), 'forbidden', /needs you signed in/);
    await expectKeyDeckError(signIn('not the password'), 'forbidden', /rejected that user name and password/);
    await expectKeyDeckError(listed(), 'forbidden', /needs you signed in/);
    expect((await fdmKeys()).map((k) => k.label)).toEqual(['keydeck-tests']);
  });

  it('signed in, KeyDeck makes an OPERATOR key labelled with the app, keeps it in the vault, and lists it as held; the password is kept nowhere', async () => {
    await signIn();
    const { credentialId } = await createKey('KeyDeck farm');
    const made = (await fdmKeys()).find((k) => k.label === 'KeyDeck farm')!;
    expect(made.roles).toEqual(['OPERATOR']);
    const stored = await rig.vault.secrets(credentialId);
    expect(stored).toMatchObject({ provider: 'fdm-monster', serviceUrl: fdm.url, app: 'KeyDeck farm', source: 'account-api', remoteId: String(made.id) });
    expect(stored.secrets.apiKey).toMatch(new RegExp(`^fdmm_api_${made.prefix}[A-Za-z0-9_-]{27}$`));
    // The key works for what KeyDeck uses it for: FDM Monster lets it manage printers.
    const { credential } = await rig.send('credential.verify', { id: credentialId });
    expect(credential.verification).toMatchObject({ ok: true, summary: expect.stringMatching(/accepts this key and lets it manage printers/) });

    const keys = await listed();
    expect(keys).toContainEqual({ label: 'KeyDeck farm', shown: `••••${stored.secrets.apiKey!.slice(-4)}`, expired: false, held: true, credentialId, goneOnServer: false });
    expect(keys).toContainEqual(expect.objectContaining({ label: 'keydeck-tests', held: false }));
    expect(JSON.stringify(keys)).not.toContain(stored.secrets.apiKey);
    const persisted = JSON.stringify([rig.storage.raw('local'), rig.storage.raw('session')]);
    expect(persisted).not.toContain(fdm.admin.password);
    expect(persisted).not.toContain(fdmSessions.get(fdm.url)); // nor the sign-in's JWT
    targetId = credentialId;
  });

  it('a key pasted by hand is listed as held too; removing it deletes it in FDM Monster and in KeyDeck', async () => {
    const { credential } = await rig.send('vault.add', { provider: PROVIDER, serviceUrl: fdm.url, app: 'pasted', apiKey: fdm.operatorKey.token });
    expect((await listed()).find((k) => k.label === 'keydeck-tests')).toMatchObject({ held: true, credentialId: credential.id });
    await rig.send('account.delete', { credentialId: credential.id });
    expect((await fdmKeys()).map((k) => k.label)).not.toContain('keydeck-tests');
    expect((await rig.vault.list()).map((c) => c.id)).not.toContain(credential.id);
  });

  it('a held OPERATOR key cannot make or list keys (FDM Monster allows only an admin): KeyDeck says to sign in', async () => {
    await expectKeyDeckError(createKey('Other', targetId), 'unsupported', /makes API keys only for a signed-in user/);
    await expectKeyDeckError(listed(targetId), 'forbidden', /lets only an ADMIN manage API keys, and this key is not one/);
  });

  it('a key deleted in FDM Monster is listed as gone; an expired sign-in says to sign in again', async () => {
    const { credentialId } = await createKey('Short-lived');
    const made = (await fdmKeys()).find((k) => k.label === 'Short-lived')!;
    expect((await fdm.api('DELETE', `/api/v2/api-keys/${made.id}`)).status).toBe(204);
    expect((await listed()).find((k) => k.credentialId === credentialId)).toMatchObject({ label: 'Short-lived', goneOnServer: true });

    // An hour later FDM Monster no longer takes the sign-in's token: played by a token whose signature
    // FDM Monster cannot check (logging KeyDeck's token out would also end the tests' own: the same
    // user signed in within the same second gets the very same JWT).
    const jwt = fdmSessions.get(fdm.url)!;
    fdmSessions.set(fdm.url, `${jwt.slice(0, jwt.lastIndexOf('.'))}.${'A'.repeat(43)}`);
    await expectKeyDeckError(listed(), 'forbidden', /says your sign-in expired \(it lasts an hour\): sign in to FDM Monster/);
    await expectKeyDeckError(listed(), 'forbidden', /needs you signed in/);
    await rig.send('vault.remove', { id: credentialId });
  });
});

describe('fdm.send to the real FDM Monster, with the key KeyDeck made', () => {
  it('several printers in one message: each is added after FDM Monster checked its key; FDM Monster then holds exactly them', async () => {
    const printers = await Promise.all([printer(), printer(), printer()]);
    const keys = await Promise.all(printers.map((sim) => heldKey(sim)));
    const { results } = await send(keys.map((k) => k.id));
    expect(results).toEqual(
      printers.map((sim, i) => ({
        credentialId: keys[i]!.id,
        status: 'created',
        message: `Printer ${new URL(sim.url).host} added, and FDM Monster checked the key with OctoPrint.`,
      })),
    );
    expect(JSON.stringify(results)).not.toContain(keys[0]!.apiKey); // FDM Monster's verdicts, never the keys
    const held = (await fdmPrinters()).map((p) => ({ printerURL: p.printerURL, apiKey: p.apiKey }));
    expect(held).toEqual(printers.map((sim, i) => ({ printerURL: sim.url, apiKey: keys[i]!.apiKey })));

    // Again: nothing changes; a new key for one of them replaces its key only.
    const newer = await heldKey(printers[1]!, 'FDM Monster (new key)');
    const again = await send([keys[0]!.id, newer.id]);
    expect(statuses(again.results)).toEqual([[keys[0]!.id, 'unchanged'], [newer.id, 'updated']]);
    expect((await fdmPrinters()).map((p) => p.apiKey)).toEqual([keys[0]!.apiKey, newer.apiKey, keys[2]!.apiKey]);
  });

  it('a key OctoPrint no longer accepts: FDM Monster’s 424 is that row’s verdict; the other key of the message still goes', async () => {
    const [revoked, fine] = await Promise.all([printer(), printer()]);
    const bad = await heldKey(revoked);
    const good = await heldKey(fine);
    await revokeInOctoPrint(revoked, bad.apiKey);
    const { results } = await send([bad.id, good.id]);
    expect(results).toEqual([
      {
        credentialId: bad.id,
        status: 'key-rejected',
        message: `FDM Monster asked OctoPrint at ${new URL(revoked.url).host}, and OctoPrint rejected this key (HTTP 403): revoked, or for another server. Nothing was saved.`,
      },
      expect.objectContaining({ credentialId: good.id, status: 'created' }),
    ]);
    const urls = (await fdmPrinters()).map((p) => p.printerURL);
    expect(urls).toContain(fine.url);
    expect(urls).not.toContain(revoked.url);
  });

  it('a printer FDM Monster cannot reach: unreachable with “save anyway”; forceSave then saves it unchecked', async () => {
    const sim = await printer();
    const key = await heldKey(sim);
    await sim.close(); // gone after KeyDeck verified the key
    const [unreachable] = (await send([key.id])).results;
    expect(unreachable).toMatchObject({ credentialId: key.id, status: 'unreachable', canForceSave: true, message: expect.stringContaining(`cannot reach ${sim.url} from its own host`) });
    expect((await fdmPrinters()).map((p) => p.printerURL)).not.toContain(sim.url);

    const [forced] = (await send([key.id], true)).results;
    expect(forced).toEqual({ credentialId: key.id, status: 'created', message: `Printer ${new URL(sim.url).host} added (saved without FDM Monster checking the key).` });
    expect(await fdmPrinters()).toContainEqual(expect.objectContaining({ printerURL: sim.url, apiKey: key.apiKey }));
  });

  it('keys KeyDeck will not send are refused per row, before FDM Monster sees them; an unknown id is said', async () => {
    const sim = await printer();
    const global = await rig.vault.add({ provider: 'octoprint', serviceUrl: sim.url, app: 'global', user: '_api', secrets: { apiKey: sim.globalKey! }, source: 'manual', createdAt: Date.now() });
    const before = (await fdmPrinters()).length;
    const { results } = await send([global.id, targetId, 'no-such-id']);
    expect(results).toEqual([
      { credentialId: global.id, status: 'refused', message: expect.stringMatching(/^This is OctoPrint’s global API key: FDM Monster refuses it\./) },
      { credentialId: targetId, status: 'refused', message: 'Only OctoPrint keys go to FDM Monster as printers. Not sent.' },
      { credentialId: 'no-such-id', status: 'failed', message: 'That key is no longer in KeyDeck.' },
    ]);
    expect((await fdmPrinters()).length).toBe(before);
  });

  it('the target must be an FDM Monster key that FDM Monster accepts', async () => {
    const sim = await printer();
    const key = await heldKey(sim);
    await expectKeyDeckError(rig.send('fdm.send', { targetId: key.id, credentialIds: [key.id] }), 'invalid-input', /not a key for FDM Monster/);

    const { credential: stale } = await rig.send('vault.add', { provider: 'fdm-monster', serviceUrl: fdm.url, app: 'Old key', apiKey: `fdmm_api_${'A'.repeat(43)}` });
    await expectKeyDeckError(rig.send('fdm.send', { targetId: stale.id, credentialIds: [key.id] }), 'forbidden', /does not accept this key/);
    expect((await fdmPrinters()).map((p) => p.printerURL)).not.toContain(sim.url);
  });

  it('while the vault is locked it answers `locked` and sends nothing; unlocked, the same message goes', async () => {
    const sim = await printer();
    const key = await heldKey(sim);
    await rig.send('lock.set', { passphrase: 'a long passphrase for the farm' });
    await rig.send('lock.lockNow', {});
    await expectKeyDeckError(send([key.id]), 'locked', /./);
    expect((await fdmPrinters()).map((p) => p.printerURL)).not.toContain(sim.url);
    await rig.send('lock.unlock', { passphrase: 'a long passphrase for the farm' });
    expect(statuses((await send([key.id])).results)).toEqual([[key.id, 'created']]);
  });
});

/** The person revokes the key in OctoPrint's settings (as admin). */
async function revokeInOctoPrint(sim: OctoPrintSim, key: string): Promise<void> {
  const response = await fetch(`${sim.url}/api/plugin/appkeys`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': sim.users.admin.apiKey },
    body: JSON.stringify({ command: 'revoke', key }),
  });
  expect(response.status).toBe(204);
}
