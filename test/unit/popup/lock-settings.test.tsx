import { act } from 'preact/test-utils';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { SettingsPanel } from '../../../src/popup/SettingsPanel';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import type { LockStatus } from '../../../src/shared/lock';
import { createFakeApi } from '../support/fake-api';
import { installFakeLock, type FakeLockState } from '../support/fake-lock';
import { button, buttons, cleanup, click, deferred, field, region, renderWithApi, text, type } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const OLD = 'correct horse battery';
const NEW = 'staple gun and a lamp';

/** Settings over the fake lock; the settings messages merge into the fake's storage as the background does. */
function renderSettings(lock: Partial<FakeLockState> = {}) {
  const api = createFakeApi({ initial: { local: { settings: DEFAULT_SETTINGS } } });
  api.handle('settings.get', () => api.storage.settings.get());
  api.handle('settings.update', (patch) => api.storage.settings.update((old) => ({ ...old, ...patch })));
  const fake = installFakeLock(api, lock);
  const { container } = renderWithApi(api, <SettingsPanel onClose={() => undefined} />);
  const section = () => region(container, 'Passphrase lock');
  return { api, fake, container, section };
}

const form = (root: Element, name: string) => region(root, name);

function fill(root: Element, values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) type(field(root, label), value);
}

describe('Settings → Passphrase lock, when no passphrase is set', () => {
  test('says what the lock does, then sets a passphrase with progress and a result', async () => {
    const { api, fake, section } = renderSettings();
    const set = await vi.waitFor(() => form(section(), 'Set a passphrase'));
    expect(text(section())).toContain('cannot be recovered');
    expect(text(section())).toContain('Keys still arrive while locked');
    expect(text(section())).toContain('Use at least 10 characters.');

    // The background derives a key (about a second): the button says so meanwhile.
    const answer = deferred<LockStatus>();
    api.handle('lock.set', () => answer.promise);
    fill(set, { Passphrase: OLD, 'Repeat the passphrase': OLD });
    click(button(set, 'Set a passphrase'));
    await vi.waitFor(() => expect(button(set, 'Setting the passphrase…').disabled).toBe(true));
    expect(api.sentOf('lock.set')).toEqual([{ passphrase: OLD }]);

    fake.state.passphrase = OLD;
    await act(async () => answer.resolve({ enabled: true, locked: false, autoLockMinutes: 15, retryInMs: 0, offer: false }));
    await vi.waitFor(() => expect(text(section())).toContain('Passphrase set.'));
    expect(buttons(section(), 'Lock now')).toHaveLength(1);
    expect(() => form(section(), 'Change passphrase')).not.toThrow();
    expect(() => form(section(), 'Remove passphrase')).not.toThrow();
    expect(field(section(), 'Lock after this many minutes without use').value).toBe('15');
  });

  test.each([
    ['two different passphrases', OLD, NEW, 'The two passphrases differ.'],
    ['a passphrase under 10 characters', 'short one', 'short one', 'Use at least 10 characters.'],
  ])('%s are refused before anything is sent', async (_, first, repeat, message) => {
    const { api, section } = renderSettings();
    const set = await vi.waitFor(() => form(section(), 'Set a passphrase'));
    fill(set, { Passphrase: first, 'Repeat the passphrase': repeat });
    click(button(set, 'Set a passphrase'));
    await vi.waitFor(() => expect(set.querySelector('[role="alert"]')?.textContent).toBe(message));
    expect(api.sentOf('lock.set')).toEqual([]);
  });
});

describe('Settings → Passphrase lock, with a passphrase', () => {
  test('change: a mismatch is refused before sending; a wrong current passphrase says so; the right one changes it', async () => {
    const { api, fake, section } = renderSettings({ passphrase: OLD });
    const change = await vi.waitFor(() => form(section(), 'Change passphrase'));
    fill(change, { 'Current passphrase': OLD, 'New passphrase': NEW, 'Repeat the new passphrase': `${NEW}!` });
    click(button(change, 'Change passphrase'));
    await vi.waitFor(() => expect(text(change)).toContain('The two passphrases differ.'));
    expect(api.sentOf('lock.change')).toEqual([]);

    fill(change, { 'Current passphrase': 'not the passphrase', 'Repeat the new passphrase': NEW });
    click(button(change, 'Change passphrase'));
    await vi.waitFor(() => expect(change.querySelector('[role="alert"]')?.textContent).toBe('Wrong passphrase.'));
    expect(fake.state.passphrase).toBe(OLD);

    fill(change, { 'Current passphrase': OLD });
    click(button(change, 'Change passphrase'));
    await vi.waitFor(() => expect(text(section())).toContain('Passphrase changed.'));
    expect(api.sentOf('lock.change').at(-1)).toEqual({ current: OLD, next: NEW });
    expect(fake.state.passphrase).toBe(NEW);
    // The fields are emptied: no passphrase stays on screen.
    expect(field(change, 'New passphrase').value).toBe('');
  });

  test('remove: a wrong passphrase says so; the right one turns the lock off', async () => {
    const { api, fake, section } = renderSettings({ passphrase: OLD });
    const remove = await vi.waitFor(() => form(section(), 'Remove passphrase'));
    fill(remove, { 'Current passphrase': NEW });
    click(button(remove, 'Remove passphrase'));
    await vi.waitFor(() => expect(remove.querySelector('[role="alert"]')?.textContent).toBe('Wrong passphrase.'));
    expect(fake.state.passphrase).toBe(OLD);

    fill(remove, { 'Current passphrase': OLD });
    click(button(remove, 'Remove passphrase'));
    await vi.waitFor(() => expect(text(section())).toContain('Passphrase removed.'));
    expect(api.sentOf('lock.remove')).toEqual([{ current: NEW }, { current: OLD }]);
    expect(() => form(section(), 'Set a passphrase')).not.toThrow();
    expect(buttons(section(), 'Lock now')).toEqual([]);
  });

  test('after too many wrong tries the wait is shown and the button waits too', async () => {
    const { fake, section } = renderSettings({ passphrase: OLD });
    const remove = await vi.waitFor(() => form(section(), 'Remove passphrase'));
    Object.assign(fake.state, { slowDown: true, retryInMs: 30_000 });
    fill(remove, { 'Current passphrase': OLD });
    click(button(remove, 'Remove passphrase'));
    await vi.waitFor(() => expect(remove.querySelector('[role="alert"]')?.textContent).toMatch(/^Too many wrong passphrases\. Try again in (30|29) s\.$/));
    expect(button(remove, 'Remove passphrase').disabled).toBe(true);
    expect(fake.state.passphrase).toBe(OLD);
  });

  test('Lock now locks and says so; the auto-lock minutes are saved like the other settings', async () => {
    const { api, fake, container, section } = renderSettings({ passphrase: OLD });
    click(await vi.waitFor(() => button(section(), 'Lock now')));
    await vi.waitFor(() => expect(text(section())).toContain('KeyDeck is locked.'));
    expect(text(section())).toContain('Locked. Copy, Reveal, Verify and Revoke ask for the passphrase.');
    expect(fake.state.locked).toBe(true);
    expect(buttons(section(), 'Lock now')).toEqual([]);

    const minutes = field(section(), 'Lock after this many minutes without use');
    act(() => {
      minutes.value = '5';
      minutes.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await vi.waitFor(() => expect(text(container)).toContain('Settings saved.'));
    expect(api.sentOf('settings.update')).toEqual([{ autoLockMinutes: 5 }]);
    expect((await api.storage.settings.get()).autoLockMinutes).toBe(5);
  });
});
