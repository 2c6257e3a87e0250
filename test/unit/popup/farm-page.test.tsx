import { act } from 'preact/test-utils';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { App } from '../../../src/popup/App';
import { FarmPage } from '../../../src/popup/farm/FarmPage';
import type { FarmRow, FarmView } from '../../../src/shared/farm';
import { createFakeApi, makeCredential, type FakeApi } from '../support/fake-api';
import { installFakeLock } from '../support/fake-lock';
import { button, buttons, cleanup, click, field, region, renderWithApi, text, type } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const NOW = Date.now();

function row(url: string, overrides: Partial<FarmRow>): FarmRow {
  return { url, state: 'queued', message: 'Waiting for its turn.', canOpen: false, ...overrides };
}

/**
 * The background's side of the farm, as far as the page sees it: `farm.status` answers with `view`;
 * `change()` replaces it and touches the stored farm, as the background's writes do.
 */
function farmApi(view: FarmView | null) {
  const api = createFakeApi();
  installFakeLock(api);
  const state = { view };
  api.handle('farm.status', async () => ({ farm: state.view, provider: 'octoprint' }));
  const change = async (next: FarmView) => {
    state.view = next;
    await api.storage.flows.set({}); // a key request stepped: the page follows the stored flows
  };
  return { api, change };
}

/** The servers box (a textarea; `type` sets its value and fires input the same way). */
function textarea(container: HTMLElement): HTMLInputElement {
  const box = field(container, 'Servers');
  expect(box.tagName).toBe('TEXTAREA');
  return box;
}

describe('the farm input', () => {
  test('servers pasted are counted (range expanded, duplicate left out), bad lines named; Get keys asks access for every host at once, then starts the farm', async () => {
    const { api } = farmApi(null);
    api.handle('farm.start', async () => ({ farm: { app: 'FDM Monster', createdAt: NOW, rows: [] } }));
    const { container } = renderWithApi(api, <FarmPage />);
    type(textarea(container), 'http://10.0.0.21-23:80\nhttp://10.0.0.22\nftp://nope.local\nhttp://octopi.local:5000/');
    expect(text(container)).toContain('4 servers · 1 listed twice, counted once');
    expect(text(region(container, 'Not used'))).toContain('line 3: “ftp://nope.local”: The server address must start with http:// or https://.');
    type(field(container, 'App name'), 'FDM Monster');
    click(button(container, 'Get keys'));
    await vi.waitFor(() => expect(api.sentOf('farm.start')).toHaveLength(1));
    expect(api.originRequests).toEqual([['http://10.0.0.21/*', 'http://10.0.0.22/*', 'http://10.0.0.23/*', 'http://octopi.local/*']]);
    expect(api.sentOf('farm.start')[0]).toEqual({
      app: 'FDM Monster',
      servers: [{ url: 'http://10.0.0.21' }, { url: 'http://10.0.0.22' }, { url: 'http://10.0.0.23' }, { url: 'http://octopi.local:5000' }],
    });
  });

  test('a file (an OctoFarm printers.json) fills the list: names and groups go with the servers', async () => {
    const { api } = farmApi(null);
    api.handle('farm.start', async () => ({ farm: { app: 'OctoFarm', createdAt: NOW, rows: [] } }));
    const { container } = renderWithApi(api, <FarmPage />);
    const file = JSON.stringify([
      { printerURL: 'http://10.0.0.41', name: 'Voron', group: 'Shelf A', apikey: 'A'.repeat(32) },
      { printerURL: 'http://10.0.0.42', name: 'Ender' },
    ]);
    const input = field(container, 'Or import a file');
    Object.defineProperty(input, 'files', { value: [new File([file], 'printers.json', { type: 'application/json' })], configurable: true });
    act(() => void input.dispatchEvent(new Event('change', { bubbles: true })));
    await vi.waitFor(() => expect(text(container)).toContain('2 servers'));
    type(field(container, 'App name'), 'OctoFarm');
    click(button(container, 'Get keys'));
    await vi.waitFor(() => expect(api.sentOf('farm.start')).toHaveLength(1));
    expect(api.sentOf('farm.start')[0]!.servers).toEqual([
      { url: 'http://10.0.0.41', name: 'Voron', group: 'Shelf A' },
      { url: 'http://10.0.0.42', name: 'Ender' },
    ]);
    expect(JSON.stringify(api.sent)).not.toContain('AAAA');
  });

  test('host access refused: says so and starts nothing', async () => {
    const api = createFakeApi({ grant: false });
    installFakeLock(api);
    api.handle('farm.status', async () => ({ farm: null, provider: 'octoprint' }));
    const { container } = renderWithApi(api, <FarmPage />);
    type(textarea(container), 'http://octopi.local');
    type(field(container, 'App name'), 'OctoFarm');
    click(button(container, 'Get keys'));
    await vi.waitFor(() => expect(text(container)).toContain('KeyDeck needs your permission for these servers'));
    expect(api.sentOf('farm.start')).toEqual([]);
  });

  test('the background’s refusal (a bad app name) is shown', async () => {
    const { api } = farmApi(null);
    const { KeyDeckError } = await import('../../../src/shared/errors');
    api.handle('farm.start', async () => {
      throw new KeyDeckError('invalid-input', 'The app name must be 2–60 characters.');
    });
    const { container } = renderWithApi(api, <FarmPage />);
    type(textarea(container), 'http://octopi.local');
    type(field(container, 'App name'), 'X');
    click(button(container, 'Get keys'));
    await vi.waitFor(() => expect(container.querySelector('[role="alert"]')?.textContent).toBe('The app name must be 2–60 characters.'));
  });
});

describe('the farm’s rows', () => {
  const A = 'http://10.0.0.21';
  const B = 'http://10.0.0.22';
  const C = 'http://10.0.0.23';
  const D = 'http://10.0.0.24';
  const view: FarmView = {
    app: 'FDM Monster',
    createdAt: NOW,
    rows: [
      row(A, { state: 'waiting', message: 'Waiting for you to click Allow in OctoPrint on 10.0.0.21.', flowId: 'flow-a', canOpen: true, expiresAt: NOW + 9 * 60_000 + 30_500, name: 'Prusa 1' }),
      row(B, { state: 'verified', message: 'Works as admin on OctoPrint 1.11.8.', user: 'admin', warnings: ['CORS is off: apps that run in a web browser…'], credentialId: 'c-b', flowId: 'flow-b' }),
      row(C, { state: 'unreachable', message: 'Could not reach 10.0.0.23.' }),
      row(D, { state: 'rate-limited', message: 'OctoPrint limits key requests…', retryAt: NOW + 60_000, flowId: 'flow-d' }),
    ],
  };

  async function rendered() {
    const { api, change } = farmApi(view);
    for (const type of ['flow.open', 'farm.retry'] as const) api.handle(type, async () => ({ ok: true as const }));
    api.handle('farm.retryFailed', async () => ({ count: 1 }));
    api.handle('farm.cancelAll', async () => ({ count: 2 }));
    const { container } = renderWithApi(api, <FarmPage />);
    await vi.waitFor(() => region(container, 'Servers in the farm'));
    return { api, change, container, rows: region(container, 'Servers in the farm') };
  }

  test('each row says its state; progress counts ended rows and keys; waiting shows time left and Open, which opens that request', async () => {
    const { api, rows } = await rendered();
    expect(text(rows)).toContain('Keys for FDM Monster');
    expect(text(rows)).toContain('2 of 4 done · 1 with a key');
    const progress = rows.querySelector('progress')!;
    expect([progress.value, progress.max]).toEqual([2, 4]);

    const a = region(rows, A);
    expect(text(a)).toContain('Prusa 1');
    expect(text(a)).toContain('Waiting for Allow');
    expect(text(region(a, 'time left'))).toMatch(/^9:(30|31) left$/);
    expect(buttons(a, /^Retry/)).toEqual([]);
    click(button(a, `Open ${A} to click Allow`));
    await vi.waitFor(() => expect(api.sentOf('flow.open')).toEqual([{ id: 'flow-a' }]));

    const b = region(rows, B);
    expect(text(b)).toContain('Verified');
    expect(text(b)).toContain('Works as admin on OctoPrint 1.11.8.');
    expect(text(b)).toContain('CORS is off');
    expect(buttons(b, /Open|Retry/)).toEqual([]);

    expect(text(region(rows, D))).toContain('Rate-limited');
    expect(text(region(rows, D))).toContain('asks again at');
  });

  test('Retry on a failed row retries that server; Retry all failed and Cancel all go to the background', async () => {
    const { api, rows } = await rendered();
    const c = region(rows, C);
    expect(text(c)).toContain('Unreachable');
    expect(c.querySelector('[role="alert"]')?.textContent).toBe('Could not reach 10.0.0.23.');
    click(button(c, `Retry ${C}`));
    await vi.waitFor(() => expect(api.sentOf('farm.retry')).toEqual([{ url: C }]));
    click(button(rows, 'Retry all failed'));
    click(button(rows, 'Cancel all'));
    await vi.waitFor(() => expect(api.sent.map((m) => m.type).filter((t) => t.startsWith('farm.') && t !== 'farm.status')).toEqual(['farm.retry', 'farm.retryFailed', 'farm.cancelAll']));
  });

  test('rows follow the background: a request that was allowed turns the row to Verified without a reload', async () => {
    const { change, rows } = await rendered();
    expect(text(region(rows, A))).toContain('Waiting for Allow');
    await change({ ...view, rows: [row(A, { state: 'verified', message: 'Works as operator on OctoPrint 1.11.8.', user: 'operator', name: 'Prusa 1' }), ...view.rows.slice(1)] });
    await vi.waitFor(() => expect(text(region(rows, A))).toContain('Works as operator on OctoPrint 1.11.8.'));
    expect(text(region(rows, A))).toContain('Verified');
    expect(text(rows)).toContain('3 of 4 done · 2 with a key');
  });

  test('nothing to retry and nothing running: both bulk buttons are disabled', async () => {
    const { api } = farmApi({ app: 'OctoFarm', createdAt: NOW, rows: [row(A, { state: 'verified', message: 'Works.' })] });
    const { container } = renderWithApi(api, <FarmPage />);
    await vi.waitFor(() => region(container, 'Servers in the farm'));
    expect(button(container, 'Retry all failed').disabled).toBe(true);
    expect(button(container, 'Cancel all').disabled).toBe(true);
  });
});

test('a server without the plugin offers manual entry, filled in for that server and the farm’s app', async () => {
  const url = 'http://10.0.0.30';
  const { api } = farmApi({ app: 'FDM Monster', createdAt: NOW, rows: [row(url, { state: 'no-plugin', message: 'OctoPrint on 10.0.0.30 has no Application Keys plugin…' })] });
  api.handle('vault.add', async ({ provider, serviceUrl, app }) => ({ credential: { id: 'm1', provider, serviceUrl, app, source: 'manual', createdAt: NOW, secretFields: ['apiKey'], maskedKey: '••••AAAA' } }));
  const { container } = renderWithApi(api, <FarmPage />);
  const rowEl = await vi.waitFor(() => region(container, url));
  expect(text(rowEl)).toContain('No Application Keys plugin');
  click(button(rowEl, 'Add key by hand'));
  const form = region(rowEl, 'Add key manually');
  expect(field(form, 'Server URL').value).toBe(url);
  expect(field(form, 'App name').value).toBe('FDM Monster');
  type(field(form, 'API key'), 'A'.repeat(43));
  click(button(form, 'Save'));
  await vi.waitFor(() => expect(api.sentOf('vault.add')).toHaveLength(1));
  expect(api.sentOf('vault.add')[0]).toMatchObject({ provider: 'octoprint', serviceUrl: url, app: 'FDM Monster', apiKey: 'A'.repeat(43) });
});

describe('the keys list', () => {
  async function withKeys(api: FakeApi) {
    await api.addCredential(makeCredential({ id: 'k1', serviceUrl: 'http://10.0.0.21', app: 'FDM Monster', user: 'admin', secrets: { apiKey: 'x'.repeat(39) + 'AAAA' } }));
    await api.addCredential(makeCredential({ id: 'k2', serviceUrl: 'http://10.0.0.22', app: 'FDM Monster', secrets: { apiKey: 'y'.repeat(39) + 'BBBB' } }));
    await api.addCredential(makeCredential({ id: 'k3', provider: 'cocalc', serviceUrl: 'https://cocalc.com', app: 'Other' }));
  }

  test('lists every key of the farm’s provider (server, app, user, last 4) and nothing else; Select all and single boxes select', async () => {
    const { api } = farmApi(null);
    await withKeys(api);
    const { container } = renderWithApi(api, <FarmPage />);
    const keys = await vi.waitFor(() => region(container, 'OctoPrint keys in KeyDeck'));
    await vi.waitFor(() => expect(text(keys)).toContain('0 of 2 selected'));
    expect(text(keys)).toContain('http://10.0.0.21 · FDM Monster · admin · …AAAA');
    expect(text(keys)).toContain('http://10.0.0.22 · FDM Monster · — · …BBBB');
    expect(text(keys)).not.toContain('cocalc.com');
    expect(text(keys)).not.toContain('x'.repeat(10));

    click(field(keys, 'Select all'));
    await vi.waitFor(() => expect(text(keys)).toContain('2 of 2 selected'));
    click(field(keys, 'http://10.0.0.21'));
    await vi.waitFor(() => expect(text(keys)).toContain('1 of 2 selected'));
    expect(field(keys, 'http://10.0.0.22').checked).toBe(true);
    expect(field(keys, 'Select all').checked).toBe(false);
  });
});

test('the popup’s Print farm button opens the farm page in a tab', async () => {
  const api = createFakeApi({ handlers: { 'flow.list': async () => ({ flows: [] }) } });
  installFakeLock(api);
  const { container } = renderWithApi(api, <App />);
  click(button(container, 'Print farm'));
  expect(api.opened.map((url) => new URL(url).search)).toEqual(['?view=farm']);
});
