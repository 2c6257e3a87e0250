import { act } from 'preact/test-utils';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { SettingsPanel } from '../../../src/popup/SettingsPanel';
import { EVERYWHERE } from '../../../src/shared/detection';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings';
import { createFakeApi } from '../support/fake-api';
import { button, cleanup, click, field, renderWithApi, text, type } from '../support/render';

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

function change(input: HTMLInputElement, apply: (input: HTMLInputElement) => void) {
  act(() => {
    apply(input);
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('the settings panel', () => {
  test('shows the stored values', async () => {
    const { container } = renderSettings();
    expect((await loaded(container)).value).toBe('45');
    expect(field(container, 'Warn before a key expires (days)').value).toBe('10');
    expect(field(container, 'Look for OctoPrint on every site').checked).toBe(false);
    expect(field(container, 'OctoEverywhere portal address').value).toBe('http://portal.local:8080');
    expect(field(container, 'OctoEverywhere app id').value).toBe('keydeck-test');
    expect(field(container, 'CoCalc server address').value).toBe('http://cocalc.local');
  });

  test('saving the clipboard delay sends only that change', async () => {
    const { api, container } = renderSettings();
    const seconds = await loaded(container);
    type(seconds, '90');
    click(button(seconds.closest('form')!, 'Save'));
    await vi.waitFor(() => expect(text(container)).toContain('Settings saved.'));
    expect(api.sentOf('settings.update')).toEqual([{ clipboardClearSeconds: 90 }]);
    expect((await api.storage.settings.get()).clipboardClearSeconds).toBe(90);
  });

  test('changing the warning days and the addresses sends those changes', async () => {
    const { api, container } = renderSettings();
    await loaded(container);
    change(field(container, 'Warn before a key expires (days)'), (input) => (input.value = '14'));
    await vi.waitFor(() => expect(api.sentOf('settings.update')).toEqual([{ expiryWarningDays: 14 }]));

    type(field(container, 'CoCalc server address'), ' http://cocalc.example:5000/ ');
    click(button(container, 'Save addresses'));
    await vi.waitFor(() => expect(api.sentOf('settings.update')).toHaveLength(2));
    expect(api.sentOf('settings.update')[1]).toEqual({
      portalUrl: 'http://portal.local:8080',
      portalAppId: 'keydeck-test',
      cocalcUrl: 'http://cocalc.example:5000',
    });
  });

  test('an empty clipboard delay says the range and sends nothing', async () => {
    const { api, container } = renderSettings();
    const seconds = await loaded(container);
    type(seconds, '');
    click(button(seconds.closest('form')!, 'Save'));
    await vi.waitFor(() => expect(container.querySelector('[role="alert"]')?.textContent).toBe('Choose between 5 and 600 seconds.'));
    expect(api.sentOf('settings.update')).toEqual([]);
    expect((await api.storage.settings.get()).clipboardClearSeconds).toBe(45);
  });

  // Today the field's min/max make the browser refuse these before the popup's own check runs (see
  // settings-range-message.test.tsx); either way the value is invalid and nothing is saved.
  test.each(['4', '601', '7.5'])('an out-of-range clipboard delay of %s is refused and nothing is sent', async (value) => {
    const { api, container } = renderSettings();
    const seconds = await loaded(container);
    type(seconds, value);
    expect(seconds.validity.valid).toBe(false);
    click(button(seconds.closest('form')!, 'Save'));
    // A submitted form sends at once, inside the click: nothing recorded by now means nothing sent.
    expect(api.sentOf('settings.update')).toEqual([]);
    expect(text(container)).not.toContain('Settings saved.');
    expect((await api.storage.settings.get()).clipboardClearSeconds).toBe(45);
  });

  test('looking everywhere asks for every site first; declined, the setting stays off and nothing is sent', async () => {
    const { api, container } = renderSettings({ grant: false });
    await loaded(container);
    change(field(container, 'Look for OctoPrint on every site'), (input) => (input.checked = true));
    await vi.waitFor(() => expect(text(container)).toContain('Access to all sites was not granted, so the setting stays off.'));
    expect(api.originRequests).toEqual([EVERYWHERE]);
    expect(api.sentOf('settings.update')).toEqual([]);
  });

  test('looking everywhere, granted, is saved', async () => {
    const { api, container } = renderSettings();
    await loaded(container);
    change(field(container, 'Look for OctoPrint on every site'), (input) => (input.checked = true));
    await vi.waitFor(() => expect(api.sentOf('settings.update')).toEqual([{ detectEverywhere: true }]));
    await vi.waitFor(() => expect(field(container, 'Look for OctoPrint on every site').checked).toBe(true));
  });
});
