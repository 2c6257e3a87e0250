import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startCocalcSim, type CocalcSim } from '../sim/cocalc';
import { startConduceSim, type ConduceSim } from '../sim/conduce';
import { BROWSERS, useDriver, within } from './driver';
import { Popup } from './pages/popup';
import { openVault } from './support/open-vault';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

type Held = { provider: string; app: string; secrets: { apiKey?: string }; remoteId?: string };

// Account-style keys through the popup in both browsers: CoCalc (signed in in a tab, its session
// cookie sent by the browser) and Conduce (signed in from the popup; the password is not kept).
describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  let cocalc: CocalcSim;
  let conduce: ConduceSim;
  beforeAll(async () => {
    [cocalc, conduce] = await Promise.all([startCocalcSim(), startConduceSim()]);
  });
  afterAll(async () => {
    await Promise.all([cocalc?.close(), conduce?.close()]);
  });

  const vault = (): Promise<Held[]> => openVault(driver()) as Promise<Held[]>;
  const panel = Popup.accounts;
  const field = (label: string, exact = false) => within(panel, { label, exact });

  test('CoCalc: signed out is said clearly; signed in, a key is created into the vault, listed and deleted', async () => {
    const popup = await Popup.open(driver());
    await popup.openAccounts('CoCalc', cocalc.url);
    await popup.tab.fill(field('App name'), 'Notebook sync');
    await popup.button('Create key', panel);
    await popup.see('not signed in', within(panel, { role: 'alert' }));
    expect(cocalc.keys()).toHaveLength(0);

    // KeyDeck offers CoCalc's sign-in page; the user signs in there, as they would.
    const tab = await driver().tabOpenedBy(() => popup.button('Open the sign-in page', panel));
    await expect(tab.url()).resolves.toBe(`${cocalc.url}/auth/sign-in`);
    await tab.fill({ role: 'textbox', name: 'Email address' }, cocalc.users.alice.email); // named by its placeholder
    await tab.fill({ css: 'input[type="password"]' }, cocalc.users.alice.password);
    await tab.click({ role: 'button', name: 'Sign In' });
    // CoCalc's landing page names the account only when the browser sent the new session cookie.
    await tab.waitFor({ text: `Signed in as ${cocalc.users.alice.email}` });

    await popup.tab.bringToFront();
    await popup.tab.fill(field('Expires after (days, optional)'), '30');
    await popup.button('Create key', panel);
    await popup.see('Created a key for Notebook sync and saved it.', panel);
    const [issued] = cocalc.keys();
    const held = (await vault()).find((c) => c.provider === 'cocalc' && c.app === 'Notebook sync');
    expect(held?.secrets.apiKey).toBe(issued!.secret);
    const listed = within(panel, { role: 'listitem', name: 'Notebook sync' });
    await popup.see('in KeyDeck', listed);
    await expect(popup.tab.text(listed)).resolves.not.toContain(issued!.secret); // the listing is shortened

    // Deleted on the server behind KeyDeck's back: listed as gone, still held locally.
    await popup.tab.fill(field('App name'), 'Second');
    await popup.tab.fill(field('Expires after (days, optional)'), '2');
    await popup.button('Create key', panel);
    await popup.see('Created a key for Second and saved it.', panel);
    // Due within the 7-day warning window: the toolbar says so.
    await expect.poll(() => driver().extension(() => chrome.action.getBadgeText({}))).toBe('1');
    const other = cocalc.keys().find((k) => k.name === 'Second')!;
    cocalc.deleteKeyBehindTheBack(other.id);
    await popup.button('List keys', panel);
    await popup.see('gone on the server', within(panel, { role: 'listitem', name: 'Second' }));

    await popup.button('Delete on server', listed);
    await popup.see('Deleted on the server and from KeyDeck.', panel);
    expect(cocalc.keys().some((k) => k.id === issued!.id)).toBe(false);
    expect((await vault()).some((c) => c.app === 'Notebook sync')).toBe(false);
    await tab.close();
    await popup.close();
  });

  test('Conduce: a wrong password is said clearly; signed in, create, list and delete; the password is never kept', async () => {
    const popup = await Popup.open(driver());
    await popup.openAccounts('Conduce', conduce.url);
    const dana = conduce.users.dana;
    await popup.tab.fill(field('Email'), dana.email);
    await popup.tab.fill(field('Password'), 'not her password');
    await popup.button('Sign in', panel);
    await popup.see('wrong email or password', within(panel, { role: 'alert' }));

    await popup.tab.fill(field('Password'), dana.password);
    await popup.button('Sign in', panel);
    await popup.see('Signed in.', panel);
    await expect(popup.tab.value(field('Password'))).resolves.toBe('');

    await popup.tab.fill(field('App name'), 'Dashboard');
    await popup.button('Create key', panel);
    await popup.see('Created a key for Dashboard and saved it.', panel);
    const issued = conduce.keys().find((k) => k.description?.includes('Dashboard'))!;
    expect((await vault()).find((c) => c.provider === 'conduce')?.secrets.apiKey).toBe(issued.apikey);
    const stored = await driver().extension(async () => JSON.stringify([await chrome.storage.local.get(), await chrome.storage.session.get()]));
    expect(stored).not.toContain(dana.password);

    // A held key can stand in for the password (Authorization: Bearer): sign out and list with it.
    conduce.expireSessions();
    await popup.tab.select(field('Act with'), { index: 1 });
    const before = conduce.requestLog.length;
    await popup.button('List keys', panel);
    // The list item is already on screen from Create: wait for the list request itself (bounded).
    const listRequest = () => conduce.requestLog.slice(before).find((r) => r.method === 'GET' && r.path.endsWith('/apikeys/list'));
    await expect.poll(listRequest, { timeout: 10_000 }).toBeDefined();
    expect(listRequest()!.headers.authorization).toBe(`Bearer ${issued.apikey}`);
    const listed = within(panel, { role: 'listitem', name: 'Dashboard' });
    await popup.see('in KeyDeck', listed);

    // A Conduce key cannot delete itself: sign in again and delete with the session.
    await popup.tab.select(field('Act with'), { index: 0 });
    await popup.tab.fill(field('Password'), dana.password);
    await popup.button('Sign in', panel);
    await popup.see('Signed in.', panel);
    await popup.button('Delete on server', listed);
    await popup.see('Deleted on the server and from KeyDeck.', panel);
    expect(conduce.keys().some((k) => k.apikey === issued.apikey)).toBe(false);
    await popup.close();
  });
});
