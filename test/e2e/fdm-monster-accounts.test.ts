import { beforeAll, describe, expect, test } from 'vitest';
import installFdmMonster from '../fdm-monster/global-setup';
import { startFdmMonster, type FdmMonster } from '../fdm-monster/server';
import { BROWSERS, useDriver, useStarted, within } from './driver';
import { Popup } from './pages/popup';
import { openVault } from './support/open-vault';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// FDM Monster in the Accounts panel of both browsers, against the REAL FDM Monster 2.1.1 on 127.0.0.1
// (test/fdm-monster/server.ts): sign in with user name and password, KeyDeck makes its own key, which is
// stored, listed as held, and deleted on the server. The password and the sign-in are kept nowhere.
beforeAll(() => installFdmMonster(), 300_000); // returns at once when installed
const fdm = useStarted<FdmMonster>('FDM Monster', startFdmMonster);

type FdmKey = { id: number; label: string; prefix: string; roles: string[] };
const fdmKeys = async () => (await fdm().api('GET', '/api/v2/api-keys')).json as FdmKey[];

describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const panel = Popup.accounts;
  const field = (label: string) => within(panel, { label });

  test('FDM Monster: a wrong password is said; signed in, KeyDeck makes its key, stores it, lists it, and deletes it on the server', async () => {
    const { url, admin } = fdm();
    const app = `KeyDeck ${browser}`;
    const popup = await Popup.open(driver());
    await popup.openAccounts('FDM Monster', url);
    await popup.tab.fill(field('User name'), admin.username);
    await popup.tab.fill(field('Password'), 'not the password');
    await popup.button('Sign in', panel);
    await popup.see('rejected that user name and password', within(panel, { role: 'alert' }));

    await popup.tab.fill(field('Password'), admin.password);
    await popup.button('Sign in', panel);
    await popup.see('Signed in.', panel);
    await expect(popup.tab.value(field('Password'))).resolves.toBe('');

    await popup.tab.fill(field('App name'), app);
    await popup.button('Create key', panel);
    await popup.see(`Created a key for ${app} and saved it.`, panel);
    const made = (await fdmKeys()).find((k) => k.label === app)!;
    expect(made.roles).toEqual(['OPERATOR']);
    const held = (await openVault(driver())).find((c) => c.provider === 'fdm-monster' && c.app === app);
    expect(held).toMatchObject({ serviceUrl: url, remoteId: String(made.id) });
    expect(held?.secrets.apiKey?.startsWith(`fdmm_api_${made.prefix}`)).toBe(true);
    const stored = await driver().extension(async () => JSON.stringify([await chrome.storage.local.get(), await chrome.storage.session.get()]));
    expect(stored).not.toContain(admin.password);

    const listed = within(panel, { role: 'listitem', name: app });
    await popup.see('in KeyDeck', listed);
    await expect(popup.tab.text(listed)).resolves.not.toContain(held!.secrets.apiKey!);

    await popup.button('Delete on server', listed);
    await popup.see('Deleted on the server and from KeyDeck.', panel);
    expect((await fdmKeys()).some((k) => k.id === made.id)).toBe(false);
    expect((await openVault(driver())).some((c) => c.app === app)).toBe(false);
    await popup.close();
  });
});
