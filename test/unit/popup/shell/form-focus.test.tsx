import { afterEach, describe, expect, test, vi } from 'vitest';
import { AddKeyForm } from '../../../../src/popup/AddKeyForm';
import { ConnectPanel } from '../../../../src/popup/ConnectPanel';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings';
import { createFakeApi } from '../../support/fake-api';
import { button, cleanup, click, field, renderWithApi, type } from '../../support/render';

vi.mock('webextension-polyfill', async () => (await import('../../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const live = (root: Element) => root.querySelector('[aria-live="polite"]')!.textContent;
const describedBy = (input: HTMLInputElement) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent;

describe('Add key manually', () => {
  test('opens with the focus in the first empty field (a prefilled server is skipped)', () => {
    const { container } = renderWithApi(createFakeApi(), <AddKeyForm prefill={{ serviceUrl: 'http://octopi.local' }} onDone={() => undefined} onCancel={() => undefined} />);
    expect(document.activeElement).toBe(field(container, 'App name'));
  });

  test('a submit with problems focuses the first invalid field and announces every problem; nothing is sent', async () => {
    const api = createFakeApi();
    const { container } = renderWithApi(api, <AddKeyForm onDone={() => undefined} onCancel={() => undefined} />);
    type(field(container, 'Server URL'), 'http://octopi.local');
    type(field(container, 'App name'), 'x');
    click(button(container, 'Save'));
    const app = field(container, 'App name');
    await vi.waitFor(() => expect(document.activeElement).toBe(app));
    expect(app.getAttribute('aria-invalid')).toBe('true');
    expect(field(container, 'Server URL').hasAttribute('aria-invalid')).toBe(false);
    const keyProblem = describedBy(field(container, 'API key'))!;
    expect(live(container)).toBe(`${describedBy(app)} ${keyProblem}`);
    expect(api.sent).toEqual([]);
  });
});

describe('Connect through OctoEverywhere', () => {
  test('a bad app name is marked on its field, focused and announced; the portal is not opened', async () => {
    const api = createFakeApi({ handlers: { 'settings.get': async () => DEFAULT_SETTINGS } });
    const { container } = renderWithApi(api, <ConnectPanel onStarted={() => undefined} />);
    const app = await vi.waitFor(() => field(container, 'App name'));
    type(app, 'x');
    click(button(container, 'Connect through OctoEverywhere'));
    await vi.waitFor(() => expect(document.activeElement).toBe(app));
    expect(app.getAttribute('aria-invalid')).toBe('true');
    expect(live(container)).toBe(describedBy(app));
    expect(live(container)).toContain('2–60');
    expect(api.sentOf('portal.start')).toEqual([]);
    expect(api.originRequests).toEqual([]);
  });
});

describe('Accounts: create a key', () => {
  test('a bad app name is marked on its field, focused and announced; nothing is asked or sent', async () => {
    const { CreateKeyForm } = await import('../../../../src/popup/accounts/CreateKeyForm');
    const created: unknown[] = [];
    const { container } = renderWithApi(
      createFakeApi(),
      <CreateKeyForm form={{ signIn: 'browser', projects: false, expiry: false }} onCreate={(request) => () => void created.push(request())} onList={() => undefined} />,
    );
    const app = field(container, 'App name');
    type(app, 'x');
    click(button(container, 'Create key'));
    await vi.waitFor(() => expect(document.activeElement).toBe(app));
    expect(app.getAttribute('aria-invalid')).toBe('true');
    expect(live(container)).toBe(describedBy(app));
    expect(created).toEqual([]);
    type(app, 'Home Assistant');
    click(button(container, 'Create key'));
    expect(created).toEqual([{ app: 'Home Assistant' }]);
  });
});
