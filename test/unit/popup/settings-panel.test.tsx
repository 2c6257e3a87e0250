import { act } from 'preact/test-utils';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { SettingsPanel } from '../../../src/popup/SettingsPanel';
import { EVERYWHERE } from '../../../src/shared/detection';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings';
import { createFakeApi } from '../support/fake-api';
import { buttons, cleanup, field, renderWithApi, text, type } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const STORED: Settings = {
  ...DEFAULT_SETTINGS,
  clipboardClearSeconds: 45,
  expiryWarningDays: 10,
  portalUrl: 'http://portal.local:8080',
  portalAppId: 'keydeck-test',
  cocalcUrl: 'http://cocalc.local',
};

/** The background's answers, over the fake's storage: settings.update merges, as the real one does. */
function renderSettings({ grant = true } = {}) {
  const api = createFakeApi({ grant, initial: { local: { settings: STORED } } });
  api.handle('settings.get', () => api.storage.settings.get());
  api.handle('settings.update', (patch) => api.storage.settings.update((old) => ({ ...old, ...patch })));
  const { container } = renderWithApi(api, <SettingsPanel onClose={() => undefined} />);
  return { api, container };
}

const loaded = (container: Element) => vi.waitFor(() => field(container, 'Clear the clipboard after (seconds)'));
const live = (container: Element) => container.querySelector('[aria-live="polite"]')!.textContent;
/** The user types, then leaves the field (or presses Enter): the browser's `change`. */
function enter(input: HTMLInputElement, value: string) {
  type(input, value);
  act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
}
const savedBeside = (input: HTMLInputElement) => input.closest('.setting')!.querySelector('.saved')?.textContent;

describe('the settings panel', () => {
  test('shows the stored values; the developer settings sit under a collapsed Advanced', async () => {
    const { container } = renderSettings();
    expect((await loaded(container)).value).toBe('45');
    expect(field(container, 'Warn before a key expires (days)').value).toBe('10');
    expect(field(container, 'Look for OctoPrint on every site').checked).toBe(false);
    expect(field(container, 'CoCalc server address').value).toBe('http://cocalc.local');
    const advanced = container.querySelector('details.advanced') as HTMLDetailsElement;
    expect(advanced.open).toBe(false);
    expect(field(advanced, 'OctoEverywhere portal address').value).toBe('http://portal.local:8080');
    expect(field(advanced, 'OctoEverywhere app id').value).toBe('keydeck-test');
    expect(advanced.contains(field(container, 'CoCalc server address'))).toBe(false);
    expect(advanced.contains(field(container, 'Clear the clipboard after (seconds)'))).toBe(false);
  });

  test('no Save buttons: a changed clipboard delay is saved on its own, with "Saved" beside it', async () => {
    const { api, container } = renderSettings();
    const seconds = await loaded(container);
    expect(buttons(container, /^Save/)).toEqual([]);
    expect(savedBeside(seconds)).toBeUndefined();
    enter(seconds, '90');
    await vi.waitFor(() => expect(savedBeside(seconds)).toBe('Saved'));
    expect(api.sentOf('settings.update')).toEqual([{ clipboardClearSeconds: 90 }]);
    expect((await api.storage.settings.get()).clipboardClearSeconds).toBe(90);
    expect(live(container)).toBe('Settings saved.');
    // Typing again: the old "Saved" no longer speaks for what the field holds.
    type(seconds, '91');
    expect(savedBeside(seconds)).toBeUndefined();
  });

  test('the warning days and each address are saved on change, each alone (addresses trimmed, no trailing slash)', async () => {
    const { api, container } = renderSettings();
    await loaded(container);
    enter(field(container, 'Warn before a key expires (days)'), '14');
    await vi.waitFor(() => expect(api.sentOf('settings.update')).toEqual([{ expiryWarningDays: 14 }]));
    enter(field(container, 'CoCalc server address'), ' http://cocalc.example:5000/ ');
    await vi.waitFor(() => expect(api.sentOf('settings.update')).toHaveLength(2));
    expect(api.sentOf('settings.update')[1]).toEqual({ cocalcUrl: 'http://cocalc.example:5000' });
    enter(field(container, 'OctoEverywhere app id'), ' my-app ');
    await vi.waitFor(() => expect(api.sentOf('settings.update')).toHaveLength(3));
    expect(api.sentOf('settings.update')[2]).toEqual({ portalAppId: 'my-app' });
    expect((await api.storage.settings.get()).portalUrl).toBe('http://portal.local:8080');
  });

  test.each(['', '4', '601', '7.5'])('a clipboard delay of "%s": the range is said on the field, which keeps the focus; nothing is sent', async (value) => {
    const { api, container } = renderSettings();
    const seconds = await loaded(container);
    enter(seconds, value);
    await vi.waitFor(() => expect(seconds.getAttribute('aria-invalid')).toBe('true'));
    const problem = document.getElementById(seconds.getAttribute('aria-describedby')!)!;
    expect(problem.textContent).toBe('Choose between 5 and 600 seconds.');
    expect(document.activeElement).toBe(seconds);
    expect(live(container)).toBe('Choose between 5 and 600 seconds.');
    expect(api.sentOf('settings.update')).toEqual([]);
    expect((await api.storage.settings.get()).clipboardClearSeconds).toBe(45);
    // Corrected, it is saved and no longer marked.
    enter(seconds, '60');
    await vi.waitFor(() => expect(api.sentOf('settings.update')).toEqual([{ clipboardClearSeconds: 60 }]));
    await vi.waitFor(() => expect(seconds.hasAttribute('aria-invalid')).toBe(false));
  });

  test('warning days out of range are refused the same way', async () => {
    const { api, container } = renderSettings();
    await loaded(container);
    const days = field(container, 'Warn before a key expires (days)');
    enter(days, '400');
    await vi.waitFor(() => expect(days.getAttribute('aria-invalid')).toBe('true'));
    expect(text(container)).toContain('Choose a whole number of days from 0 to 365.');
    expect(api.sentOf('settings.update')).toEqual([]);
  });

  test('a save the background refuses says why on the field', async () => {
    const { api, container } = renderSettings();
    const seconds = await loaded(container);
    api.handle('settings.update', async () => {
      throw new Error('unreachable');
    });
    enter(seconds, '90');
    await vi.waitFor(() => expect(seconds.getAttribute('aria-invalid')).toBe('true'));
    expect(savedBeside(seconds)).toBeUndefined();
  });

  test('looking everywhere asks for every site first; declined, the setting stays off and nothing is sent', async () => {
    const { api, container } = renderSettings({ grant: false });
    await loaded(container);
    const box = field(container, 'Look for OctoPrint on every site');
    act(() => {
      box.checked = true;
      box.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await vi.waitFor(() => expect(text(container)).toContain('Access to all sites was not granted, so the setting stays off.'));
    expect(api.originRequests).toEqual([EVERYWHERE]);
    expect(api.sentOf('settings.update')).toEqual([]);
  });

  test('looking everywhere, granted, is saved and said so', async () => {
    const { api, container } = renderSettings();
    await loaded(container);
    const box = field(container, 'Look for OctoPrint on every site');
    act(() => {
      box.checked = true;
      box.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await vi.waitFor(() => expect(api.sentOf('settings.update')).toEqual([{ detectEverywhere: true }]));
    await vi.waitFor(() => expect(field(container, 'Look for OctoPrint on every site').checked).toBe(true));
    await vi.waitFor(() => expect(live(container)).toBe('Settings saved.'));
  });
});
