import { afterEach, describe, expect, test, vi } from 'vitest';
import { AccountsPanel } from '../../../src/popup/accounts/AccountsPanel';
import { AddKeyForm } from '../../../src/popup/AddKeyForm';
import { PROVIDERS } from '../../../src/providers/registry';

import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { createFakeApi, makeCredential, viewOf } from '../support/fake-api';
import { fakeAccountProvider, fakeProvider, registryWith } from '../support/fake-providers';
import { button, choose, cleanup, click, field, region, renderWithApi, text, type } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

/**
 * Adding a provider touches no popup code: a provider the popup has never heard of, given only
 * through the registry, is offered and handled by what it declares.
 */
describe('adding a provider touches no popup code', () => {
  function renderAddForm() {
    const saved = makeCredential({ provider: 'fake', app: 'Spool', serviceUrl: 'http://spool.local', secrets: { apiKey: 'fk_0123456789' } });
    const api = createFakeApi({
      providers: registryWith(fakeProvider),
      handlers: {
        'vault.add': async () => ({ credential: viewOf(saved) }),
        'credential.verify': async () => ({ credential: viewOf(saved) }),
      },
    });
    const done: string[] = [];
    const { container } = renderWithApi(api, <AddKeyForm onDone={(m) => done.push(m)} onCancel={() => undefined} />);
    const form = region(container, 'Add key manually');
    type(field(form, 'Server URL'), 'http://spool.local');
    type(field(form, 'App name'), 'Spool');
    return { api, form, done };
  }

  test('manual entry offers it, shows its key hint and checks keys with its own rule', async () => {
    const { api, form } = renderAddForm();
    const provider = field<HTMLSelectElement>(form, 'Provider');
    expect([...provider.options].map((o) => o.textContent)).toEqual([...PROVIDERS.all.map((p) => p.label), 'Fake']);
    choose(provider, 'fake');
    expect(text(form)).toContain('Fake keys start with fk_.');
    type(field(form, 'API key'), 'not-a-fake-key');
    click(button(form, 'Save'));
    await vi.waitFor(() => expect(text(form)).toContain('A Fake key starts with fk_.'));
    expect(field(form, 'API key').getAttribute('aria-invalid')).toBe('true');
    expect(api.sent).toEqual([]);
  });

  test('manual entry saves its key, and neither verifies it nor asks for host access, which it does not declare', async () => {
    const { api, form, done } = renderAddForm();
    choose(field<HTMLSelectElement>(form, 'Provider'), 'fake');
    type(field(form, 'API key'), 'fk_0123456789');
    click(button(form, 'Save'));
    await vi.waitFor(() => expect(done).toEqual(['Saved the key for Spool.']));
    expect(api.sent).toEqual([{ type: 'vault.add', payload: { provider: 'fake', serviceUrl: 'http://spool.local', app: 'Spool', apiKey: 'fk_0123456789' } }]);
    expect(api.originRequests).toEqual([]);
  });

  test('OctoPrint, which declares both, gets them from the same form', async () => {
    const { api, form, done } = renderAddForm();
    type(field(form, 'API key'), '0123456789ABCDEF0123456789ABCDEF');
    click(button(form, 'Save'));
    await vi.waitFor(() => expect(done).toHaveLength(1));
    await vi.waitFor(() => expect(api.sent.map((m) => m.type)).toEqual(['vault.add', 'credential.verify']));
    expect(api.originRequests).toEqual([['http://spool.local/*']]);
  });

  test('the account panel offers an account provider and shows its sign-in form', () => {
    const api = createFakeApi({
      providers: registryWith(fakeAccountProvider({ signIn: 'password', projects: false, expiry: false }, 'fakeacct', 'Fake Accounts')),
      handlers: { 'account.heldKeys': async () => ({ keys: [] }) },
    });
    const { container } = renderWithApi(api, <AccountsPanel settings={DEFAULT_SETTINGS} />);
    const provider = field<HTMLSelectElement>(container, 'Provider');
    expect([...provider.options].map((o) => o.textContent)).toEqual([...PROVIDERS.withAccounts.map((p) => p.label), 'Fake Accounts']);
    choose(provider, 'fakeacct');
    expect(() => field(region(container, 'Sign in'), 'Password')).not.toThrow();
    expect(() => field(container, 'Project id (optional)')).toThrow();
  });
});
