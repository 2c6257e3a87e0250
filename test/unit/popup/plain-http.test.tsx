import { afterEach, describe, expect, test, vi } from 'vitest';
import { AddKeyForm } from '../../../src/popup/AddKeyForm';
import { DetectionBanner } from '../../../src/popup/DetectionBanner';
import { createFakeApi, makeCredential } from '../support/fake-api';
import { button, cleanup, click, field, renderWithApi, text, type } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const KEY = 'q2BzBKPp2558GoaDHnUnm21ee0unxMsBoYF2U4jH73g';
const CONFIRM = 'Send over plain http anyway';

function renderAddForm(prefill?: { serviceUrl: string }) {
  const api = createFakeApi({
    handlers: { 'vault.add': async (p) => ({ credential: makeCredentialView(p.app) }), 'credential.verify': async () => ({ credential: makeCredentialView('x') }) },
  });
  const { container } = renderWithApi(api, <AddKeyForm prefill={prefill} onDone={() => undefined} onCancel={() => undefined} />);
  return { api, container };
}
const makeCredentialView = (app: string) => ({ ...makeCredential({ app }), maskedKey: '••••' }) as never;
const checkbox = (root: Element) =>
  [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === CONFIRM)?.querySelector<HTMLInputElement>('input[type="checkbox"]') ?? undefined;

describe('a key over plain http outside the private network', () => {
  test('manual entry warns, refuses until the user confirms, then sends the confirmation', async () => {
    const { api, container } = renderAddForm();
    type(field(container, 'Server URL'), 'http://printer.example.com:8080/');
    type(field(container, 'App name'), 'Cura');
    type(field(container, 'API key'), KEY);
    expect(text(container)).toContain('printer.example.com:8080 is not on your local network, and this address is plain http://');
    click(button(container, 'Save'));
    expect(text(container)).toContain('Tick “Send over plain http anyway” to go on');
    expect(api.sentOf('vault.add')).toEqual([]);

    click(checkbox(container)!);
    click(button(container, 'Save'));
    await vi.waitFor(() => expect(api.sentOf('vault.add')).toHaveLength(1));
    expect(api.sentOf('vault.add')[0]).toMatchObject({ serviceUrl: 'http://printer.example.com:8080', allowPlainHttp: true });
  });

  test('on the private network (the usual OctoPrint) and over https nothing is asked', async () => {
    for (const url of ['http://octopi.local', 'http://192.168.1.20', 'https://printer.example.com']) {
      const { api, container } = renderAddForm();
      type(field(container, 'Server URL'), url);
      type(field(container, 'App name'), 'Cura');
      type(field(container, 'API key'), KEY);
      expect(checkbox(container)).toBeUndefined();
      click(button(container, 'Save'));
      await vi.waitFor(() => expect(api.sentOf('vault.add')).toHaveLength(1));
      expect(api.sentOf('vault.add')[0]).not.toHaveProperty('allowPlainHttp');
      cleanup();
    }
  });

  test('the address a typed key goes to is shown beside Save, as the form holds it', () => {
    const { container } = renderAddForm({ serviceUrl: 'http://evil.example:5000/octoprint/' });
    expect(text(container)).toContain('The key is checked against and saved for http://evil.example:5000/octoprint');
    type(field(container, 'Server URL'), 'http://octopi.local');
    expect(text(container)).toContain('saved for http://octopi.local');
  });

  test('Get key on a detected public plain-http server asks first, and names the exact address', async () => {
    const api = createFakeApi({ handlers: { 'flow.start': async () => ({ flow: {} as never }) } });
    const detection = { kind: 'octoprint' as const, page: 'main' as const, url: 'http://203.0.113.9:5000/octoprint/login/?x=1' };
    const { container } = renderWithApi(api, <DetectionBanner detection={detection} onAddManually={() => undefined} />);
    expect(text(container)).toContain('This page looks like OctoPrint at http://203.0.113.9:5000/octoprint');
    type(field(container, 'Get a key for app'), 'OctoFarm');
    click(button(container, 'Get key'));
    expect(text(container)).toContain('Tick “Send over plain http anyway”');
    expect(api.sentOf('flow.start')).toEqual([]);
    click(checkbox(container)!);
    click(button(container, 'Get key'));
    await vi.waitFor(() => expect(api.sentOf('flow.start')).toHaveLength(1));
    expect(api.sentOf('flow.start')[0]).toEqual({ serviceUrl: 'http://203.0.113.9:5000/octoprint', app: 'OctoFarm', allowPlainHttp: true });
  });
});
