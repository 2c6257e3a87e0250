import { afterEach, describe, expect, test, vi } from 'vitest';
import { App } from '../../../src/popup/App';
import type { AddKeyPrefill } from '../../../src/popup/AddKeyForm';
import { FlowList } from '../../../src/popup/FlowList';
import type { FlowView } from '../../../src/shared/flow';
import { createFakeApi } from '../support/fake-api';
import { fakeProvider, registryWith } from '../support/fake-providers';
import { button, buttons, cleanup, click, field, region, renderWithApi, text } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const NOW = 1_800_000_000_000;

function flow(overrides: Partial<FlowView>): FlowView {
  return {
    id: 'flow-1',
    provider: 'octoprint',
    serviceUrl: 'http://octopi.local',
    app: 'OctoFarm',
    phase: 'waiting',
    createdAt: NOW - 30_000,
    message: 'Waiting for you to click Allow in OctoPrint.',
    canOpen: true,
    ...overrides,
  };
}

describe('a key request card', () => {
  test('an active request shows its progress, the time left and Cancel, which sends flow.cancel', async () => {
    const waiting = flow({ expiresAt: NOW + 9 * 60_000 + 30_000 });
    const api = createFakeApi({ handlers: { 'flow.cancel': async () => ({ flow: { ...waiting, phase: 'cancelled' } }) } });
    const { container } = renderWithApi(api, <FlowList flows={[waiting]} now={NOW} onAddManually={() => undefined} />);
    const card = region(container, 'OctoFarm · http://octopi.local');
    expect(text(card)).toContain('Waiting for you to click Allow in OctoPrint.');
    expect(text(region(card, 'time left'))).toBe('9:30 left');
    expect(buttons(card, 'Try again')).toEqual([]);
    click(button(card, 'Cancel'));
    await vi.waitFor(() => expect(api.sentOf('flow.cancel')).toEqual([{ id: 'flow-1' }]));
    expect(api.sent.map((m) => m.type)).toEqual(['flow.cancel']);
  });

  test('a denied request offers Try again: dismiss, then start again for the same app and server', async () => {
    const denied = flow({ phase: 'failed', outcome: 'denied-or-expired', user: 'alice', message: 'The request was denied or timed out.', canOpen: false });
    const api = createFakeApi({
      handlers: {
        'flow.dismiss': async () => ({ ok: true }),
        'flow.start': async () => ({ flow: flow({ id: 'flow-2', phase: 'starting' }) }),
      },
    });
    const { container } = renderWithApi(api, <FlowList flows={[denied]} now={NOW} onAddManually={() => undefined} />);
    const card = region(container, 'OctoFarm · http://octopi.local');
    expect(text(card)).toContain('The request was denied or timed out.');
    // Already ended when the popup opened: not an alert read out at every open.
    expect(card.querySelector('[role="alert"], [role="status"]')).toBeNull();
    expect(buttons(card, 'Cancel')).toEqual([]);
    click(button(card, 'Try again'));
    await vi.waitFor(() => expect(api.sent.map((m) => m.type)).toEqual(['flow.dismiss', 'flow.start']));
    expect(api.sentOf('flow.dismiss')).toEqual([{ id: 'flow-1' }]);
    expect(api.sentOf('flow.start')).toEqual([{ serviceUrl: 'http://octopi.local', app: 'OctoFarm', user: 'alice' }]);
  });

  test('a failed Try again says why on the card', async () => {
    const denied = flow({ phase: 'failed', outcome: 'denied-or-expired', message: 'Denied.', canOpen: false });
    const api = createFakeApi({ handlers: { 'flow.dismiss': async () => ({ ok: true }) } });
    const { container } = renderWithApi(api, <FlowList flows={[denied]} now={NOW} onAddManually={() => undefined} />);
    click(button(container, 'Try again'));
    // flow.start has no handler here: the fake fails it as the background's 'internal' error.
    await vi.waitFor(() => expect(text(container)).toContain('No handler for "flow.start" in this test.'));
  });

  test('an untrusted certificate offers to open the server (to accept it there) and Try again, and never says "check the address"', async () => {
    const untrusted = flow({
      serviceUrl: 'https://octopi.local:8443',
      phase: 'failed',
      outcome: 'certificate',
      message: 'octopi.local:8443’s HTTPS certificate is not trusted by this browser (net::ERR_CERT_AUTHORITY_INVALID). …',
      canOpen: false,
    });
    const api = createFakeApi({ handlers: { 'flow.open': async () => ({ ok: true }) } });
    const { container } = renderWithApi(api, <FlowList flows={[untrusted]} now={NOW} onAddManually={() => undefined} />);
    const card = region(container, 'OctoFarm · https://octopi.local:8443');
    expect(text(card)).not.toMatch(/check the address/i);
    expect(buttons(card, 'Try again')).toHaveLength(1);
    click(button(card, 'Open octopi.local:8443'));
    await vi.waitFor(() => expect(api.sentOf('flow.open')).toEqual([{ id: 'flow-1' }]));
  });

  test('other failures offer no such button', () => {
    const unreachable = flow({ phase: 'failed', outcome: 'unreachable', message: 'Could not reach octopi.local.', canOpen: false });
    const { container } = renderWithApi(createFakeApi(), <FlowList flows={[unreachable]} now={NOW} onAddManually={() => undefined} />);
    expect(buttons(container, 'Open octopi.local')).toEqual([]);
  });

  test('an unsupported server offers manual entry with the flow’s provider, server and app', async () => {
    const unsupported = flow({ provider: 'fake', phase: 'failed', outcome: 'unsupported', message: 'This server has no Application Keys plugin.', canOpen: false });
    const prefills: AddKeyPrefill[] = [];
    const { container } = renderWithApi(createFakeApi(), <FlowList flows={[unsupported]} now={NOW} onAddManually={(p) => prefills.push(p)} />);
    expect(buttons(container, 'Try again')).toEqual([]);
    click(button(container, 'Add key by hand'));
    expect(prefills).toEqual([{ provider: 'fake', serviceUrl: 'http://octopi.local', app: 'OctoFarm' }]);
  });

  test('in the popup, that manual entry opens the form prefilled, the provider chosen', async () => {
    const unsupported = flow({ provider: 'fake', phase: 'failed', outcome: 'unsupported', message: 'No plugin.', canOpen: false });
    const api = createFakeApi({ providers: registryWith(fakeProvider), handlers: { 'flow.list': async () => ({ flows: [unsupported] }) } });
    const { container } = renderWithApi(api, <App />);
    click(await vi.waitFor(() => button(container, 'Add key by hand')));
    const form = await vi.waitFor(() => region(container, 'Add key manually'));
    expect(field<HTMLSelectElement>(form, 'Provider').value).toBe('fake');
    expect(field(form, 'Server URL').value).toBe('http://octopi.local');
    expect(field(form, 'App name').value).toBe('OctoFarm');
    expect(text(form)).toContain('Fake keys start with fk_.');
  });
});

describe('a finished request', () => {
  const saved = flow({ phase: 'done', outcome: 'saved', credentialId: 'cred-1', canOpen: false, message: 'Saved and verified: alice on OctoPrint 1.10.2.' });
  const live = (container: Element) => container.querySelector('[aria-live="polite"]')!.textContent;

  test('offers Copy of the new key; once copied, says so and dismisses the card', async () => {
    const api = createFakeApi({ handlers: { 'vault.copy': async () => ({ clearAfterSeconds: 30 }), 'flow.dismiss': async () => ({ ok: true }) } });
    const { container } = renderWithApi(api, <FlowList flows={[saved]} now={NOW} onAddManually={() => undefined} />);
    click(button(container, 'Copy the new key for OctoFarm'));
    await vi.waitFor(() => expect(api.sentOf('flow.dismiss')).toEqual([{ id: 'flow-1' }]));
    expect(api.sentOf('vault.copy')).toEqual([{ id: 'cred-1' }]);
    expect(api.sent.map((m) => m.type)).toEqual(['vault.copy', 'flow.dismiss']);
    expect(live(container)).toBe('Key copied. The clipboard will be cleared in 30 s.');
  });

  test('a failed copy keeps the card and says why', async () => {
    const api = createFakeApi({ handlers: { 'flow.dismiss': async () => ({ ok: true }) } });
    const { container } = renderWithApi(api, <FlowList flows={[saved]} now={NOW} onAddManually={() => undefined} />);
    click(button(container, 'Copy the new key for OctoFarm'));
    await vi.waitFor(() => expect(live(container)).toContain('No handler for "vault.copy"'));
    expect(api.sentOf('flow.dismiss')).toEqual([]);
  });

  test('a request that ends while the popup is open is announced once, with its app', () => {
    const api = createFakeApi();
    const { container, rerender } = renderWithApi(api, <FlowList flows={[flow({})]} now={NOW} onAddManually={() => undefined} />);
    expect(live(container)).toBe('');
    rerender(<FlowList flows={[saved]} now={NOW} onAddManually={() => undefined} />);
    expect(live(container)).toBe('OctoFarm: Saved and verified: alice on OctoPrint 1.10.2.');
  });
});

describe('the print farm’s requests in the popup', () => {
  test('are one line that counts them and opens the farm view, not a card each; other requests keep their cards', async () => {
    const farmFlows = Array.from({ length: 30 }, (_, i) =>
      flow({ id: `farm-${i}`, serviceUrl: `http://10.0.0.${i + 1}`, farm: true, ...(i < 4 ? { phase: 'done', outcome: 'saved', canOpen: false } : {}) }),
    );
    const own = flow({ id: 'own', serviceUrl: 'http://octopi.local' });
    const api = createFakeApi({ handlers: { 'flow.list': async () => ({ flows: [...farmFlows, own] }) } });
    const { container } = renderWithApi(api, <App />);
    const summary = await vi.waitFor(() => region(container, 'Print farm'));
    expect(text(summary)).toContain('Print farm: 26 key requests under way, 4 ended.');
    const cards = region(container, 'Key requests').querySelectorAll('li');
    expect([...cards].map((card) => card.getAttribute('aria-label'))).toEqual(['OctoFarm · http://octopi.local']);
    click(button(summary, 'Open the print farm'));
    expect(api.opened).toEqual([expect.stringContaining('?view=farm')]);
  });
});
