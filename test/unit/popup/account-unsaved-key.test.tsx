import { afterEach, expect, test, vi } from 'vitest';
import { AccountsPanel } from '../../../src/popup/accounts/AccountsPanel';
import { createRegistry, PROVIDERS } from '../../../src/providers/registry';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { createFakeApi } from '../support/fake-api';
import { fakeAccountProvider } from '../support/fake-providers';
import { button, cleanup, click, field, renderWithApi, text, type } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const SECRET = 'sk-created-once-0123456789abcdef';
const REASON = 'KeyDeck’s storage is full: delete keys you no longer use to make room.';

test('a created key that could not be saved is shown as NOT saved, with Reveal and Copy', async () => {
  const provider = fakeAccountProvider({ signIn: 'browser', projects: false, expiry: false }, 'webacct', 'Web Accounts');
  const api = createFakeApi({
    providers: createRegistry([PROVIDERS.find('octoprint')!, provider]),
    handlers: {
      'account.heldKeys': async () => ({ keys: [] }),
      'account.create': async () => ({ unsaved: { apiKey: SECRET, reason: REASON } }),
    },
  });
  const writeText = vi.fn(async () => undefined);
  vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
  const { container } = renderWithApi(api, <AccountsPanel settings={DEFAULT_SETTINGS} />);
  type(field(container, 'Server URL'), 'http://accounts.local:9000');
  type(field(container, 'App name'), 'Spool');
  click(button(container, 'Create key'));

  await vi.waitFor(() => expect(text(container)).toContain(`The key was created but is NOT saved: ${REASON}`));
  expect(text(container)).not.toContain(SECRET); // shown only on Reveal
  expect(text(container)).not.toContain('Created a key for Spool');
  click(button(container, 'Reveal the unsaved key for Spool'));
  expect(container.querySelector('[data-testid="unsaved-key"]')?.textContent).toBe(SECRET);
  click(button(container, 'Copy the unsaved key for Spool'));
  await vi.waitFor(() => expect(text(container)).toContain('Key copied. KeyDeck does not clear this one'));
  expect(writeText).toHaveBeenCalledWith(SECRET);
  vi.unstubAllGlobals();
});
