import { act } from 'preact/test-utils';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { App } from '../../../../src/popup/App';
import { createFakeApi, makeCredential, type FakeApi } from '../../support/fake-api';
import { button, buttons, cleanup, click, field, region, renderWithApi, text, type } from '../../support/render';

vi.mock('webextension-polyfill', async () => (await import('../../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

function renderApp(api: FakeApi = createFakeApi()) {
  api.handle('flow.list', async () => ({ flows: [] }));
  api.handle('settings.get', () => api.storage.settings.get());
  return renderWithApi(api, <App />).container;
}

const tabs = (root: Element) => [...root.querySelectorAll<HTMLElement>('[role="tab"]')];
const selected = (root: Element) => tabs(root).find((tab) => tab.getAttribute('aria-selected') === 'true')!;
const panel = (root: Element) => root.querySelector<HTMLElement>('[role="tabpanel"]')!;
const press = (target: EventTarget, key: string) =>
  act(() => void target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })));

describe('the tab bar', () => {
  test('four tabs in one tablist, Keys selected, its panel labelled by it; one tab stop', () => {
    const container = renderApp();
    expect(container.querySelectorAll('[role="tablist"]')).toHaveLength(1);
    expect(tabs(container).map((tab) => tab.textContent)).toEqual(['Keys', 'Connect', 'Accounts', 'Settings']);
    expect(selected(container).textContent).toBe('Keys');
    expect(tabs(container).map((tab) => tab.tabIndex)).toEqual([0, -1, -1, -1]);
    expect(panel(container).getAttribute('aria-labelledby')).toBe(selected(container).id);
    expect(selected(container).getAttribute('aria-controls')).toBe(panel(container).id);
  });

  test('clicking a tab shows its panel; "Add key" is an action of the Keys panel', async () => {
    const container = renderApp();
    expect(buttons(panel(container), 'Add key')).toHaveLength(1);
    click(tabs(container)[3]!);
    expect(selected(container).textContent).toBe('Settings');
    await vi.waitFor(() => region(panel(container), 'Settings'));
    expect(buttons(container, 'Add key')).toEqual([]);
  });

  test('ArrowRight / ArrowLeft / Home / End move the selection and the focus, wrapping around', () => {
    const container = renderApp();
    tabs(container)[0]!.focus();
    press(tabs(container)[0]!, 'ArrowRight');
    expect(selected(container).textContent).toBe('Connect');
    expect(document.activeElement).toBe(selected(container));
    press(document.activeElement!, 'End');
    expect(selected(container).textContent).toBe('Settings');
    press(document.activeElement!, 'ArrowRight');
    expect(selected(container).textContent).toBe('Keys');
    press(document.activeElement!, 'ArrowLeft');
    expect(selected(container).textContent).toBe('Settings');
    press(document.activeElement!, 'Home');
    expect(selected(container).textContent).toBe('Keys');
    expect(document.activeElement).toBe(selected(container));
  });
});

describe('Escape', () => {
  test('closes a panel (back to Keys), and the add form; on Keys with nothing open it is left to the browser', async () => {
    const container = renderApp();
    click(tabs(container)[1]!);
    expect(selected(container).textContent).toBe('Connect');
    press(document.body, 'Escape');
    expect(selected(container).textContent).toBe('Keys');

    click(button(container, 'Add key'));
    await vi.waitFor(() => region(container, 'Add key manually'));
    press(document.body, 'Escape');
    expect(container.querySelector('[aria-label="Add key manually"]')).toBeNull();

    const event = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    act(() => void document.body.dispatchEvent(event));
    expect(event.defaultPrevented).toBe(false);
  });

  test('an Escape already handled inside (a menu, a confirmation) does not also close the panel', () => {
    const container = renderApp();
    click(tabs(container)[2]!);
    const inner = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    inner.preventDefault();
    act(() => void document.body.dispatchEvent(inner));
    expect(selected(container).textContent).toBe('Accounts');
  });
});

describe('on a tab showing an OctoPrint server', () => {
  const detected = (api: FakeApi) => {
    api.handle('tab.detect', async () => ({ detection: { kind: 'octoprint', page: 'main', url: 'http://octopi.local/', version: '1.10.2' } }));
    api.handle('capture.offer', async () => ({ offer: false }));
  };

  test('without keys for it, the Get-key form is there at once', async () => {
    const api = createFakeApi({ tabId: 7 });
    detected(api);
    await api.addCredential(makeCredential({ app: 'Cura', serviceUrl: 'http://other.local' }));
    const container = renderApp(api);
    await vi.waitFor(() => region(container, 'Get a key for app'));
    expect(buttons(container, 'Get a new key')).toEqual([]);
  });

  test('with keys for it, the form waits behind "Get a new key", which opens it with the focus in its field', async () => {
    const api = createFakeApi({ tabId: 7 });
    detected(api);
    await api.addCredential(makeCredential({ app: 'Cura', serviceUrl: 'http://octopi.local' }));
    const container = renderApp(api);
    const open = await vi.waitFor(() => button(container, 'Get a new key'));
    expect(container.querySelector('[aria-label="Get a key for app"]')).toBeNull();
    click(open);
    const form = region(container, 'Get a key for app');
    expect(document.activeElement).toBe(field(form, 'Get a key for app'));
  });
});

describe('the Get-key form', () => {
  const detectedEmpty = (api: FakeApi) => {
    api.handle('tab.detect', async () => ({ detection: { kind: 'octoprint', page: 'main', url: 'http://octopi.local/' } }));
    api.handle('capture.offer', async () => ({ offer: false }));
  };

  test('a bad app name: the field is marked invalid, described by the problem, focused, and the problem is announced', async () => {
    const api = createFakeApi({ tabId: 7 });
    detectedEmpty(api);
    const container = renderApp(api);
    const form = await vi.waitFor(() => region(container, 'Get a key for app'));
    const input = field(form, 'Get a key for app');
    type(input, 'x');
    click(button(form, 'Get key'));
    await vi.waitFor(() => expect(document.activeElement).toBe(input));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const problem = document.getElementById(input.getAttribute('aria-describedby')!)!;
    expect(problem.textContent).not.toBe('');
    expect(problem.getAttribute('role')).toBeNull();
    expect(container.querySelector('[aria-live="polite"]')!.textContent).toBe(problem.textContent);
    expect(api.sentOf('flow.start')).toEqual([]);
  });

  test('once the request started, the app name box is empty again', async () => {
    const api = createFakeApi({ tabId: 7 });
    detectedEmpty(api);
    api.handle('flow.start', async (payload) => ({
      flow: { id: 'f', provider: 'octoprint', serviceUrl: payload.serviceUrl, app: payload.app, phase: 'starting', createdAt: 1, message: '…', canOpen: false },
    }));
    const container = renderApp(api);
    const form = await vi.waitFor(() => region(container, 'Get a key for app'));
    type(field(form, 'Get a key for app'), 'OctoFarm');
    click(button(form, 'Get key'));
    await vi.waitFor(() => expect(api.sentOf('flow.start')).toHaveLength(1));
    await vi.waitFor(() => expect(field(form, 'Get a key for app').value).toBe(''));
    expect(text(form)).not.toContain('OctoFarm');
  });
});
