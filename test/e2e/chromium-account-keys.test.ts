import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCocalcSim, type CocalcSim } from '../sim/cocalc';
import { startConduceSim, type ConduceSim } from '../sim/conduce';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { PopupPage } from './harness/popup';

// Callbacks evaluated in the extension's pages and worker use the raw `chrome` API.
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// Account-style keys through the popup in real Chromium: CoCalc (signed in in a tab, its session
// cookie sent by the browser) and Conduce (signed in from the popup; the password is not kept).
let browser: ChromiumSession;
let cocalc: CocalcSim;
let conduce: ConduceSim;

beforeAll(async () => {
  [browser, cocalc, conduce] = await Promise.all([launchChromium(), startCocalcSim(), startConduceSim()]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([cocalc?.close(), conduce?.close()]);
});

const vault = (): Promise<{ provider: string; app: string; secrets: { apiKey?: string }; remoteId?: string }[]> =>
  browser.worker.evaluate(async () => (await chrome.storage.local.get('vault')).vault?.credentials ?? []);

async function openAccounts(provider: string, serverUrl: string): Promise<PopupPage> {
  const popup = await PopupPage.open(browser.context, browser.pageUrl('src/popup/index.html'));
  await popup.page.getByRole('button', { name: 'Accounts' }).click();
  const panel = popup.page.getByRole('region', { name: 'Account keys' });
  await panel.getByLabel('Provider').selectOption({ label: provider });
  await panel.getByLabel('Server URL').fill(serverUrl);
  return popup;
}

test('CoCalc: signed out is said clearly; signed in, a key is created into the vault, listed and deleted', async () => {
  const popup = await openAccounts('CoCalc', cocalc.url);
  const panel = popup.page.getByRole('region', { name: 'Account keys' });
  await panel.getByLabel('App name').fill('Notebook sync');
  await panel.getByRole('button', { name: 'Create key' }).click();
  await panel.getByRole('alert').getByText('not signed in', { exact: false }).waitFor();
  expect(cocalc.keys()).toHaveLength(0);

  // KeyDeck offers CoCalc's sign-in page; the user signs in there, as they would.
  const opened = browser.context.waitForEvent('page');
  await panel.getByRole('button', { name: 'Open the sign-in page' }).click();
  const tab = await opened;
  await tab.waitForLoadState();
  expect(tab.url()).toBe(`${cocalc.url}/auth/sign-in`);
  await tab.getByPlaceholder('Email address').fill(cocalc.users.alice.email);
  await tab.getByPlaceholder('Password').fill(cocalc.users.alice.password);
  await tab.getByRole('button', { name: 'Sign In' }).click();
  await expect.poll(async () => (await browser.context.cookies(cocalc.url)).some((c) => c.name === 'remember_me')).toBe(true);

  await popup.page.bringToFront();
  await panel.getByLabel('Expires after (days, optional)').fill('30');
  await panel.getByRole('button', { name: 'Create key' }).click();
  await panel.getByText('Created a key for Notebook sync and saved it.').waitFor();
  const [issued] = cocalc.keys();
  const held = (await vault()).find((c) => c.provider === 'cocalc' && c.app === 'Notebook sync');
  expect(held?.secrets.apiKey).toBe(issued!.secret);
  const listed = panel.getByRole('listitem', { name: 'Notebook sync' });
  await listed.getByText('in KeyDeck').waitFor();
  await expect(listed.textContent()).resolves.not.toContain(issued!.secret); // the listing is shortened

  // Deleted on the server behind KeyDeck's back: listed as gone, still held locally.
  const other = await (async () => {
    await panel.getByLabel('App name').fill('Second');
    await panel.getByLabel('Expires after (days, optional)').fill('2');
    await panel.getByRole('button', { name: 'Create key' }).click();
    await panel.getByText('Created a key for Second and saved it.').waitFor();
    // Due within the 7-day warning window: the toolbar says so.
    await expect.poll(() => browser.worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('1');
    return cocalc.keys().find((k) => k.name === 'Second')!;
  })();
  cocalc.deleteKeyBehindTheBack(other.id);
  await panel.getByRole('button', { name: 'List keys' }).click();
  await panel.getByRole('listitem', { name: 'Second' }).getByText('gone on the server').waitFor();

  await listed.getByRole('button', { name: 'Delete on server' }).click();
  await panel.getByText('Deleted on the server and from KeyDeck.').waitFor();
  expect(cocalc.keys().some((k) => k.id === issued!.id)).toBe(false);
  expect((await vault()).some((c) => c.app === 'Notebook sync')).toBe(false);
  await tab.close();
  await popup.page.close();
});

test('Conduce: a wrong password is said clearly; signed in, create, list and delete; the password is never kept', async () => {
  const popup = await openAccounts('Conduce', conduce.url);
  const panel = popup.page.getByRole('region', { name: 'Account keys' });
  await panel.getByLabel('Email').fill(conduce.users.dana.email);
  await panel.getByLabel('Password').fill('not her password');
  await panel.getByRole('button', { name: 'Sign in' }).click();
  await panel.getByRole('alert').getByText('wrong email or password', { exact: false }).waitFor();

  await panel.getByLabel('Password').fill(conduce.users.dana.password);
  await panel.getByRole('button', { name: 'Sign in' }).click();
  await panel.getByText('Signed in.').waitFor();
  await expect(panel.getByLabel('Password').inputValue()).resolves.toBe('');

  await panel.getByLabel('App name').fill('Dashboard');
  await panel.getByRole('button', { name: 'Create key' }).click();
  await panel.getByText('Created a key for Dashboard and saved it.').waitFor();
  const issued = conduce.keys().find((k) => k.description?.includes('Dashboard'));
  expect((await vault()).find((c) => c.provider === 'conduce')?.secrets.apiKey).toBe(issued!.apikey);
  const stored = JSON.stringify(await browser.worker.evaluate(async () => [await chrome.storage.local.get(), await chrome.storage.session.get()]));
  expect(stored).not.toContain(conduce.users.dana.password);

  // A held key can stand in for the password (Authorization: Bearer): sign out and list with it.
  conduce.expireSessions();
  await panel.getByLabel('Act with').selectOption({ index: 1 });
  await panel.getByRole('button', { name: 'List keys' }).click();
  const listed = panel.getByRole('listitem').filter({ hasText: 'in KeyDeck' });
  await listed.waitFor();
  expect(conduce.requestLog.at(-1)?.headers.authorization).toBe(`Bearer ${issued!.apikey}`);

  // A Conduce key cannot delete itself: sign in again and delete with the session.
  await panel.getByLabel('Act with').selectOption({ index: 0 });
  await panel.getByLabel('Password').fill(conduce.users.dana.password);
  await panel.getByRole('button', { name: 'Sign in' }).click();
  await panel.getByText('Signed in.').waitFor();
  await listed.getByRole('button', { name: 'Delete on server' }).click();
  await panel.getByText('Deleted on the server and from KeyDeck.').waitFor();
  expect(conduce.keys().some((k) => k.apikey === issued!.apikey)).toBe(false);
  await popup.page.close();
});
