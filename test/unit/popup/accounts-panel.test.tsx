import { afterEach, describe, expect, test, vi } from 'vitest';
import { AccountsPanel } from '../../../src/popup/accounts/AccountsPanel';
import { createRegistry, PROVIDERS } from '../../../src/providers/registry';
import type { AccountKeyView } from '../../../src/providers/types';
import { KeyDeckError } from '../../../src/shared/errors';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { createFakeApi, makeCredential, viewOf, type FakeApi, type Handlers } from '../support/fake-api';
import { fakeAccountProvider } from '../support/fake-providers';
import { button, buttons, choose, cleanup, click, deferred, field, region, renderWithApi, text, type } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const SERVER = 'http://accounts.local:9000';
const DAY = 86_400_000;

// A provider KeyDeck signs in to with a password, and one the user signs in to in a tab whose keys
// have projects and expiry: the panel must follow each one's form, whatever the provider.
const passwordProvider = fakeAccountProvider({ signIn: 'password', projects: false, expiry: false }, 'pwacct', 'Password Accounts');
const browserProvider = fakeAccountProvider(
  { signIn: 'browser', projects: true, expiry: true, signInPage: (url) => `${url}/login` },
  'webacct',
  'Web Accounts',
);

const key = (label: string, extra: Partial<AccountKeyView> = {}): AccountKeyView => ({
  label,
  shown: `${label.slice(0, 3)}…`,
  expired: false,
  held: false,
  goneOnServer: false,
  ...extra,
});

function renderPanel(providers = [browserProvider, passwordProvider], handlers: Handlers = {}, grant = true) {
  const api = createFakeApi({
    providers: createRegistry([PROVIDERS.find('octoprint')!, ...providers]),
    grant,
    handlers: { 'account.heldKeys': async () => ({ keys: [] }), ...handlers },
  });
  const { container } = renderWithApi(api, <AccountsPanel settings={DEFAULT_SETTINGS} />);
  type(field(container, 'Server URL'), SERVER);
  return { api, container };
}

const providerOptions = (container: Element) =>
  [...field<HTMLSelectElement>(container, 'Provider').options].map((o) => [o.value, o.textContent]);
const signInForm = (container: Element) => container.querySelector('form[aria-label="Sign in"]');
const keyLabels = (container: Element) => [...container.querySelectorAll('ul[aria-label="List keys"] > li')].map((li) => li.getAttribute('aria-label'));
const sentTypes = (api: FakeApi) => api.sent.map((m) => m.type).filter((t) => t !== 'account.heldKeys');

describe('the account panel', () => {
  test('offers the registry’s providers with accounts, and shows each one’s form', () => {
    const { container } = renderPanel();
    expect(providerOptions(container)).toEqual([
      ['webacct', 'Web Accounts'],
      ['pwacct', 'Password Accounts'],
    ]);
    // Web Accounts: signed in in a tab, keys with a project and an expiry.
    expect(signInForm(container)).toBeNull();
    expect(() => field(container, 'Project id (optional)')).not.toThrow();
    expect(() => field(container, 'Expires after (days, optional)')).not.toThrow();

    choose(field<HTMLSelectElement>(container, 'Provider'), 'pwacct');
    expect(signInForm(container)).not.toBeNull();
    expect(() => field(signInForm(container)!, 'Password')).not.toThrow();
    expect(() => field(container, 'Project id (optional)')).toThrow();
    expect(() => field(container, 'Expires after (days, optional)')).toThrow();
  });

  test('Create sends account.create for the provider, app and server, then lists the account’s keys', async () => {
    const { api, container } = renderPanel([passwordProvider], {
      'account.create': async () => ({ credentialId: 'cred-new' }),
      'account.list': async () => ({ keys: [key('Spool', { held: true, credentialId: 'cred-new' })] }),
    });
    type(field(container, 'App name'), 'Spool');
    click(button(container, 'Create key'));
    await vi.waitFor(() => expect(text(container)).toContain('Created a key for Spool and saved it.'));
    expect(sentTypes(api)).toEqual(['account.create', 'account.list']);
    expect(api.sentOf('account.create')).toEqual([{ provider: 'pwacct', serverUrl: SERVER, app: 'Spool' }]);
    expect(api.sentOf('account.list')).toEqual([{ provider: 'pwacct', serverUrl: SERVER }]);
    expect(keyLabels(container)).toEqual(['Spool']);
    expect(api.originRequests).toEqual([['http://accounts.local/*']]);
  });

  test('Create sends the project and the expiry where the provider has them', async () => {
    const { api, container } = renderPanel([browserProvider], {
      'account.create': async () => ({ credentialId: 'cred-new' }),
      'account.list': async () => ({ keys: [] }),
    });
    type(field(container, 'App name'), 'Spool');
    type(field(container, 'Project id (optional)'), 'proj-42');
    type(field(container, 'Expires after (days, optional)'), '3');
    const before = Date.now();
    click(button(container, 'Create key'));
    await vi.waitFor(() => expect(api.sentOf('account.create')).toHaveLength(1));
    const sent = api.sentOf('account.create')[0]!;
    expect(sent).toMatchObject({ provider: 'webacct', serverUrl: SERVER, app: 'Spool', projectId: 'proj-42' });
    expect(sent.expire).toBeGreaterThanOrEqual(before + 3 * DAY);
    expect(sent.expire).toBeLessThanOrEqual(Date.now() + 3 * DAY);
  });

  test('while a new list is on its way, the old one is marked as refreshing', async () => {
    const { api, container } = renderPanel([passwordProvider], { 'account.list': async () => ({ keys: [key('Old key')] }) });
    click(button(container, 'List keys'));
    await vi.waitFor(() => expect(keyLabels(container)).toEqual(['Old key']));
    const list = () => container.querySelector('ul[aria-label="List keys"]')!;
    expect(list().getAttribute('aria-busy')).toBe('false');
    expect(text(container)).not.toContain('Getting the server’s keys…');

    const next = deferred<{ keys: AccountKeyView[] }>();
    api.handle('account.list', () => next.promise);
    click(button(container, 'List keys'));
    await vi.waitFor(() => expect(list().getAttribute('aria-busy')).toBe('true'));
    expect(text(container)).toContain('Getting the server’s keys…');
    expect(keyLabels(container)).toEqual(['Old key']);

    next.resolve({ keys: [key('New key')] });
    await vi.waitFor(() => expect(keyLabels(container)).toEqual(['New key']));
    expect(list().getAttribute('aria-busy')).toBe('false');
    expect(text(container)).not.toContain('Getting the server’s keys…');
  });

  test('signed out of a provider with a sign-in page: says so and offers to open it', async () => {
    const refused = async (): Promise<never> => {
      throw new KeyDeckError('forbidden', 'You are not signed in to this server.');
    };
    const { api, container } = renderPanel([browserProvider], { 'account.list': refused });
    click(button(container, 'List keys'));
    const alert = await vi.waitFor(() => {
      const found = container.querySelector<HTMLElement>('[role="alert"]');
      expect(found?.textContent).toContain('You are not signed in to this server.');
      return found!;
    });
    click(button(alert, 'Open the sign-in page'));
    expect(api.opened).toEqual([`${SERVER}/login`]);
  });

  test('a provider without a sign-in page offers none on the same refusal', async () => {
    const refused = async (): Promise<never> => {
      throw new KeyDeckError('forbidden', 'Wrong email or password.');
    };
    const { container } = renderPanel([passwordProvider], { 'account.list': refused });
    click(button(container, 'List keys'));
    await vi.waitFor(() => expect(container.querySelector('[role="alert"]')?.textContent).toContain('Wrong email or password.'));
    expect(buttons(container, 'Open the sign-in page')).toEqual([]);
  });

  test('Sign in sends the password once and empties the field', async () => {
    const { api, container } = renderPanel([passwordProvider], { 'account.signIn': async () => ({ ok: true }) });
    const form = region(container, 'Sign in');
    type(field(form, 'Email'), 'ada@example.com');
    type(field(form, 'Password'), 'correct horse');
    click(button(form, 'Sign in'));
    expect(field(form, 'Password').value).toBe('');
    await vi.waitFor(() => expect(text(container)).toContain('Signed in.'));
    expect(api.sentOf('account.signIn')).toEqual([{ provider: 'pwacct', serverUrl: SERVER, email: 'ada@example.com', password: 'correct horse' }]);
    expect(field(form, 'Password').value).toBe('');
  });

  test('a provider whose accounts have user names asks for a user name (any text), not an email', async () => {
    const byName = fakeAccountProvider({ signIn: 'password', signInName: 'username', projects: false, expiry: false }, 'nameacct', 'Name Accounts');
    const { api, container } = renderPanel([byName], { 'account.signIn': async () => ({ ok: true }) });
    const form = region(container, 'Sign in');
    expect(() => field(form, 'Email')).toThrow();
    expect(field(form, 'User name').type).toBe('text');
    type(field(form, 'User name'), 'farm-admin');
    type(field(form, 'Password'), 'correct horse');
    click(button(form, 'Sign in'));
    await vi.waitFor(() => expect(text(container)).toContain('Signed in.'));
    expect(api.sentOf('account.signIn')).toEqual([{ provider: 'nameacct', serverUrl: SERVER, email: 'farm-admin', password: 'correct horse' }]);
  });

  test('the email survives acting with a held key and back: only the password is asked again', async () => {
    const held = makeCredential({ provider: 'pwacct', serviceUrl: SERVER, app: 'Dashboard' });
    const view = viewOf(held);
    const { container } = renderPanel([passwordProvider], { 'account.heldKeys': async () => ({ keys: [view] }) });
    type(field(region(container, 'Sign in'), 'Email'), 'ada@example.com');
    await vi.waitFor(() => expect(field<HTMLSelectElement>(container, 'Act with').options.length).toBe(2));
    choose(field<HTMLSelectElement>(container, 'Act with'), held.id);
    expect(signInForm(container)).toBeNull();
    choose(field<HTMLSelectElement>(container, 'Act with'), '');
    expect(field(region(container, 'Sign in'), 'Email').value).toBe('ada@example.com');
  });

  test('declined host access: says why and sends nothing', async () => {
    const { api, container } = renderPanel([passwordProvider], {}, false);
    type(field(container, 'App name'), 'Spool');
    click(button(container, 'Create key'));
    await vi.waitFor(() => expect(text(container)).toContain('KeyDeck needs your permission to talk to accounts.local:9000'));
    expect(sentTypes(api)).toEqual([]);
  });
});
