import { act } from 'preact/test-utils';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { BackupPage } from '../../../src/popup/backup/BackupPage';
import { SettingsPanel } from '../../../src/popup/SettingsPanel';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { KeyDeckError } from '../../../src/shared/errors';
import { createFakeApi, makeCredential } from '../support/fake-api';
import { button, buttons, cleanup, click, field, region, renderWithApi, text, type } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const FILE = '{"format":"keydeck-backup","version":1,"count":5,"kdf":{},"box":{}}';

function chooseFile(input: HTMLInputElement, content: string, name = 'keydeck-backup.keydeck') {
  Object.defineProperty(input, 'files', { value: [new File([content], name, { type: 'application/json' })], configurable: true });
  act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
}

async function exportPage(keys: number) {
  const api = createFakeApi();
  for (let i = 0; i < keys; i++) await api.addCredential(makeCredential({ app: `App ${i}` }));
  const { container } = renderWithApi(api, <BackupPage part="export" />);
  return { api, container };
}

describe('Settings → Backup', () => {
  test('export and import each open the backup page in a tab', async () => {
    const api = createFakeApi({ initial: { local: { settings: DEFAULT_SETTINGS } } });
    api.handle('settings.get', () => api.storage.settings.get());
    const { container } = renderWithApi(api, <SettingsPanel onClose={() => undefined} />);
    const section = region(container, 'Backup');
    click(button(section, 'Export encrypted backup…'));
    click(button(section, 'Import backup…'));
    expect(api.opened.map((url) => new URL(url).search)).toEqual(['?view=backup&part=export', '?view=backup&part=import']);
    expect(api.sent.map((m) => m.type)).toEqual(['settings.get']);
  });
});

describe('export', () => {
  test('asks for the passphrase twice, at least 10 characters, then saves the file and says what it holds', async () => {
    const { api, container } = await exportPage(12);
    api.handle('backup.export', async () => ({ file: '{"format":"keydeck-backup"}', count: 12 }));
    await vi.waitFor(() => expect(text(container)).toContain('The file will hold 12 keys, secrets included'));

    type(field(container, 'Passphrase (at least 10 characters)'), 'too short');
    type(field(container, 'The same passphrase again'), 'too short');
    click(button(container, 'Export'));
    expect(text(region(container, 'Export an encrypted backup'))).toContain('The passphrase must be at least 10 characters.');

    type(field(container, 'Passphrase (at least 10 characters)'), 'a long passphrase');
    type(field(container, 'The same passphrase again'), 'a long passphrase!');
    click(button(container, 'Export'));
    expect(text(container)).toContain('The two passphrases are not the same.');
    expect(api.sentOf('backup.export')).toEqual([]);

    type(field(container, 'The same passphrase again'), 'a long passphrase');
    click(button(container, 'Export'));
    await vi.waitFor(() =>
      expect(text(container)).toContain(
        'This file holds 12 keys, encrypted with the passphrase you chose. Keep the passphrase: without it the file cannot be opened.',
      ),
    );
    expect(api.sentOf('backup.export')).toEqual([{ passphrase: 'a long passphrase' }]);
    expect(api.saved).toEqual([{ name: expect.stringMatching(/^keydeck-backup-\d{4}-\d\d-\d\d\.keydeck$/), text: '{"format":"keydeck-backup"}' }]);
    expect(field(container, 'Passphrase (at least 10 characters)').value).toBe('');
  });

  test('one key is "1 key"; an empty vault has nothing to export', async () => {
    const one = await exportPage(1);
    await vi.waitFor(() => expect(text(one.container)).toContain('The file will hold 1 key, secrets included'));
    cleanup();
    const none = await exportPage(0);
    await vi.waitFor(() => expect(text(none.container)).toContain('KeyDeck holds no keys yet: there is nothing to back up.'));
    expect(buttons(none.container, 'Export')).toEqual([]);
  });

  test('a failure in the background is shown and nothing is saved', async () => {
    const { api, container } = await exportPage(2);
    api.handle('backup.export', async () => Promise.reject(new KeyDeckError('vault-corrupt', 'Your stored keys could not be read.')));
    await vi.waitFor(() => field(container, 'Passphrase (at least 10 characters)'));
    type(field(container, 'Passphrase (at least 10 characters)'), 'a long passphrase');
    type(field(container, 'The same passphrase again'), 'a long passphrase');
    click(button(container, 'Export'));
    await vi.waitFor(() => expect(text(container)).toContain('Your stored keys could not be read.'));
    expect(api.saved).toEqual([]);
  });
});

describe('import', () => {
  function importPage() {
    const api = createFakeApi();
    const { container } = renderWithApi(api, <BackupPage part="import" />);
    return { api, container };
  }

  test('shows the count from the file, then imports it with the passphrase and says what was added', async () => {
    const { api, container } = importPage();
    api.handle('backup.import', async () => ({ added: 3, skipped: 2 }));
    chooseFile(field(container, 'Backup file (.keydeck)'), FILE);
    await vi.waitFor(() => expect(text(container)).toContain('This backup holds 5 keys.'));
    type(field(container, 'Passphrase of this backup'), 'a long passphrase');
    click(button(container, 'Import'));
    await vi.waitFor(() => expect(text(container)).toContain('Added 3 keys, 2 were already here.'));
    expect(api.sentOf('backup.import')).toEqual([{ file: FILE, passphrase: 'a long passphrase' }]);

    api.handle('backup.import', async () => ({ added: 0, skipped: 5 }));
    type(field(container, 'Passphrase of this backup'), 'a long passphrase');
    click(button(container, 'Import'));
    await vi.waitFor(() => expect(text(container)).toContain('Added 0 keys, 5 were already here.'));
  });

  test('a wrong passphrase is said as the background says it', async () => {
    const { api, container } = importPage();
    api.handle('backup.import', async () => Promise.reject(new KeyDeckError('invalid-input', 'Wrong passphrase, or the file was changed.')));
    chooseFile(field(container, 'Backup file (.keydeck)'), FILE);
    await vi.waitFor(() => field(container, 'Passphrase of this backup'));
    type(field(container, 'Passphrase of this backup'), 'not it');
    click(button(container, 'Import'));
    await vi.waitFor(() => expect(container.querySelector('[role="alert"]')?.textContent).toBe('Wrong passphrase, or the file was changed.'));
  });

  test.each([
    ['a file that is not a backup', '{"vault": []}', 'This is not a KeyDeck backup.'],
    ['a backup from a newer KeyDeck', '{"format":"keydeck-backup","version":3}', 'This backup was made by a newer KeyDeck (backup format 3).'],
  ])('%s is refused before any passphrase is asked', async (_, content, message) => {
    const { api, container } = importPage();
    chooseFile(field(container, 'Backup file (.keydeck)'), content);
    await vi.waitFor(() => expect(text(container)).toContain(message));
    expect(() => field(container, 'Passphrase of this backup')).toThrow();
    expect(api.sentOf('backup.import')).toEqual([]);
  });
});
