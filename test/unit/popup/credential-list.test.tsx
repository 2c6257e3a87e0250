import { useState } from 'preact/hooks';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { App } from '../../../src/popup/App';
import { CredentialList, type KeyFilter } from '../../../src/popup/CredentialList';
import { AnnouncerProvider } from '../../../src/popup/shell/announcer';
import type { Credential } from '../../../src/shared/credential';
import { createFakeApi, makeCredential, viewOf, type FakeApi } from '../support/fake-api';
import { fakeProvider, registryWith } from '../support/fake-providers';
import { button, buttons, cleanup, click, region, renderWithApi, text, type } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const DAY = 86_400_000;
const farmA = makeCredential({ app: 'OctoFarm', serviceUrl: 'http://octopi.local', createdAt: 3_000 });
const farmB = makeCredential({ app: 'OctoFarm', serviceUrl: 'http://ender.local:5000', user: 'alice', createdAt: 2_000 });
const cura = makeCredential({ app: 'Cura', serviceUrl: 'http://octopi.local', createdAt: 1_000 });

function renderList(api: FakeApi, credentials: Credential[], props: { pinnedServer?: string; filter?: KeyFilter } = {}) {
  const views = credentials.map(viewOf).sort((a, b) => b.createdAt - a.createdAt);
  return renderWithApi(
    api,
    <AnnouncerProvider>
      <CredentialList credentials={views} warnDays={7} {...props} />
    </AnnouncerProvider>,
  ).container;
}

/** App with an empty key-request list; the vault is whatever the fake's storage holds. */
function renderApp(api: FakeApi) {
  api.handle('flow.list', async () => ({ flows: [] }));
  return renderWithApi(api, <App />).container;
}

const rowNames = (root: Element) => [...root.querySelectorAll('li.credential')].map((li) => li.getAttribute('aria-label'));
const rowOf = (root: Element, name: string) => region(root, name);
const search = (root: Element) => root.querySelector<HTMLInputElement>('input[type="search"]')!;
const said = (root: Element) => text(root.ownerDocument.querySelector('[data-testid="announcer"]')!);
const key = (el: Element, name: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }));
const press = async (el: Element, name: string) => {
  const { act } = await import('preact/test-utils');
  act(() => void key(el, name));
};

describe('the key list', () => {
  test('groups keys per server (newest first), one compact row each, named with its server', async () => {
    const container = renderList(createFakeApi(), [farmA, farmB, cura]);
    await vi.waitFor(() => expect(rowNames(container)).toHaveLength(3));
    expect([...container.querySelectorAll('h2')].map((h) => h.textContent)).toEqual(['http://octopi.local', 'http://ender.local:5000']);
    expect(rowNames(container)).toEqual(['OctoPrint · OctoFarm · octopi.local', 'OctoPrint · Cura · octopi.local', 'OctoPrint · OctoFarm · ender.local:5000']);
    expect(text(rowOf(container, 'OctoPrint · OctoFarm · ender.local:5000'))).toContain('alice');
    // Compact: the line shows the last 4 characters and two buttons, nothing else acts.
    const row = rowOf(container, 'OctoPrint · Cura · octopi.local');
    expect(buttons(row, /.*/).map((b) => b.getAttribute('aria-label'))).toEqual(['Copy OctoPrint · Cura · octopi.local', 'Details for OctoPrint · Cura · octopi.local']);
    expect(text(row)).toContain(cura.secrets.apiKey!.slice(-4));
    expect(text(row)).not.toContain(cura.secrets.apiKey!);
  });

  test('search: every word must match, across app, server, user, provider and last 4; a count; nothing found says so', async () => {
    const container = renderList(createFakeApi(), [farmA, farmB, cura]);
    type(search(container), 'farm ender');
    await vi.waitFor(() => expect(rowNames(container)).toEqual(['OctoPrint · OctoFarm · ender.local:5000']));
    expect(text(container)).toContain('Showing 1 of 3 keys');
    type(search(container), 'octoprint octopi');
    await vi.waitFor(() => expect(rowNames(container)).toHaveLength(2));
    type(search(container), `alice ${farmB.secrets.apiKey!.slice(-4).toLowerCase()}`);
    await vi.waitFor(() => expect(rowNames(container)).toEqual(['OctoPrint · OctoFarm · ender.local:5000']));
    type(search(container), 'cura ender');
    await vi.waitFor(() => expect(text(container)).toContain('No key matches this filter.'));
    expect(rowNames(container)).toEqual([]);
    expect(text(container)).toContain('Showing 0 of 3 keys');
  });

  test('Copy sends vault.copy with the key’s id, says "Copied" on the button and through the live region', async () => {
    const api = createFakeApi({ handlers: { 'vault.copy': async () => ({ clearAfterSeconds: 45 }) } });
    await api.addCredential(cura);
    const container = renderApp(api);
    const copy = await vi.waitFor(() => button(container, 'Copy OctoPrint · Cura · octopi.local'));
    expect(copy.textContent).toBe('Copy');
    click(copy);
    await vi.waitFor(() => expect(copy.textContent).toBe('Copied'));
    expect(said(document.body)).toBe('Key copied. The clipboard will be cleared in 45 s.');
    expect(api.sentOf('vault.copy')).toEqual([{ id: cura.id }]);
    // The button turns back by itself.
    await vi.waitFor(() => expect(copy.textContent).toBe('Copy'), { timeout: 3000 });
    // The background tells when it cleared the clipboard; the popup says so.
    const { act } = await import('preact/test-utils');
    act(() => api.clearClipboard());
    await vi.waitFor(() => expect(said(document.body)).toBe('Clipboard cleared.'));
  });

  test('one row expands at a time; a revealed key is hidden again when its row closes', async () => {
    const api = createFakeApi({ handlers: { 'vault.reveal': async () => ({ apiKey: 'REVEALED-KEY-1234' }) } });
    const container = renderList(api, [farmA, cura]);
    const more = (name: string) => button(container, `Details for ${name}`);
    const curaName = 'OctoPrint · Cura · octopi.local';
    click(more(curaName));
    expect(more(curaName).getAttribute('aria-expanded')).toBe('true');
    const curaRow = rowOf(container, curaName);
    click(button(curaRow, 'Reveal'));
    await vi.waitFor(() => expect(text(curaRow)).toContain('REVEALED-KEY-1234'));
    click(more('OctoPrint · OctoFarm · octopi.local'));
    await vi.waitFor(() => expect(more(curaName).getAttribute('aria-expanded')).toBe('false'));
    expect(text(container)).not.toContain('REVEALED-KEY-1234');
    expect(container.querySelectorAll('.row-details')).toHaveLength(1);
    expect(api.sentOf('vault.reveal')).toEqual([{ id: cura.id }]);
    // Escape inside an open row closes it and puts the focus back on the row.
    const farmName = 'OctoPrint · OctoFarm · octopi.local';
    await press(button(rowOf(container, farmName), 'Reveal'), 'Escape');
    await vi.waitFor(() => expect(container.querySelectorAll('.row-details')).toHaveLength(0));
    expect(document.activeElement?.getAttribute('aria-label')).toBe(farmName);
  });

  test('QR code: on request, from the revealed key, drawn as SVG; gone when the row closes', async () => {
    const api = createFakeApi({ handlers: { 'vault.reveal': async () => ({ apiKey: 'QRKEY0123456789ABCDEF0123456789' }) } });
    const container = renderList(api, [cura]);
    click(button(container, 'Details for OctoPrint · Cura · octopi.local'));
    expect(container.querySelector('svg')).toBeNull();
    expect(api.sentOf('vault.reveal')).toEqual([]);
    click(button(container, 'QR code'));
    const svg = await vi.waitFor(() => {
      const found = container.querySelector('svg.key-qr');
      if (!found) throw new Error('no QR yet');
      return found;
    });
    expect(svg.getAttribute('aria-label')).toBe('QR code of the key for Cura');
    const { encode } = await import('uqr');
    const modules = encode('QRKEY0123456789ABCDEF0123456789', { ecc: 'M', border: 0 }).data;
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${modules.length + 4} ${modules.length + 4}`);
    expect(svg.querySelector('path')!.getAttribute('d')!.split('M').length - 1).toBe(modules.flat().filter(Boolean).length);
    expect(text(container)).not.toContain('QRKEY0123456789');
    click(button(container, 'Details for OctoPrint · Cura · octopi.local'));
    await vi.waitFor(() => expect(container.querySelector('svg')).toBeNull());
    expect(api.sentOf('vault.reveal')).toEqual([{ id: cura.id }]);
  });

  test('Remove from KeyDeck asks first, says the key stays valid, and nothing is sent until confirmed', async () => {
    const api = createFakeApi({ handlers: { 'vault.remove': async () => ({ removed: viewOf(cura) }) } });
    const container = renderList(api, [cura]);
    click(button(container, 'Details for OctoPrint · Cura · octopi.local'));
    const row = rowOf(container, 'OctoPrint · Cura · octopi.local');
    click(button(row, 'Remove from KeyDeck (stays valid on the server)'));
    await vi.waitFor(() => expect(text(row)).toContain('Remove the key for Cura from KeyDeck? It stays valid on the server.'));
    click(button(row, 'Cancel'));
    await vi.waitFor(() => expect(text(row)).not.toContain('Remove the key for Cura from KeyDeck?'));
    expect(api.sentOf('vault.remove')).toEqual([]);
    click(button(row, 'Remove from KeyDeck (stays valid on the server)'));
    const confirm = await vi.waitFor(() => button(row.querySelector('.confirm')!, 'Remove from KeyDeck (stays valid on the server)'));
    click(confirm);
    await vi.waitFor(() => expect(said(document.body)).toBe('Deleted the key for Cura from KeyDeck.'));
    expect(api.sentOf('vault.remove')).toEqual([{ id: cura.id }]);
  });

  test('Verify and Revoke on server come from what the provider can do; Revoke is styled as danger', async () => {
    const fake = makeCredential({ provider: 'fake', app: 'Spool', secrets: { apiKey: 'fk_abcdefghijklmnop' } });
    const api = createFakeApi({ providers: registryWith(fakeProvider) });
    const container = renderList(api, [fake, cura]);
    click(button(container, 'Details for Fake · Spool · octopi.local'));
    const details = () => container.querySelector('.row-details')!;
    expect(buttons(details(), /.*/).map((b) => b.textContent)).toEqual(['Reveal', 'QR code', 'Open server', 'Rename', 'Remove from KeyDeck (stays valid on the server)']);
    click(button(container, 'Details for OctoPrint · Cura · octopi.local'));
    await vi.waitFor(() => expect(buttons(details(), /.*/).map((b) => b.textContent)).toEqual(['Reveal', 'QR code', 'Verify', 'Open server', 'Rename', 'Revoke on server', 'Remove from KeyDeck (stays valid on the server)']));
    expect(button(details(), 'Revoke on server').classList.contains('danger')).toBe(true);
    click(button(details(), 'Open server'));
    expect(api.opened).toEqual(['http://octopi.local']);
  });

  test('rename: a bad name is refused in place; a good one is sent as vault.rename', async () => {
    const api = createFakeApi({ handlers: { 'vault.rename': async ({ app }) => ({ credential: { ...viewOf(cura), app } }) } });
    const container = renderList(api, [cura]);
    click(button(container, 'Details for OctoPrint · Cura · octopi.local'));
    click(button(container, 'Rename'));
    const input = container.querySelector<HTMLInputElement>('form.rename input')!;
    expect(document.activeElement).toBe(input);
    type(input, ' ');
    click(button(container, 'Save name'));
    await vi.waitFor(() => expect(text(container)).toContain('The app name must be'));
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(api.sentOf('vault.rename')).toEqual([]);
    type(input, 'Cura 5');
    click(button(container, 'Save name'));
    await vi.waitFor(() => expect(api.sentOf('vault.rename')).toEqual([{ id: cura.id, app: 'Cura 5' }]));
    await vi.waitFor(() => expect(said(document.body)).toBe('Renamed to Cura 5.'));
  });

  test('an OctoEverywhere connection is titled by its printer (controls named by the app), and each stored field is copied through the background', async () => {
    const oe = makeCredential({
      provider: 'octoeverywhere',
      app: 'KeyDeck',
      serviceUrl: 'https://abc.octoeverywhere.com',
      details: { printer: 'Voron 2.4' },
      secrets: { apiKey: 'A'.repeat(28) + 'WXYZ', connectionUrl: 'https://abc.octoeverywhere.com', basicUser: 'u', basicPassword: 'p' },
    });
    const api = createFakeApi({ handlers: { 'vault.copy': async () => ({ clearAfterSeconds: 30 }) } });
    const container = renderList(api, [oe]);
    // The printer is the row's title; the names of KeyDeck's controls use the app name the user chose.
    expect(rowNames(container)).toEqual(['OctoEverywhere · KeyDeck · abc.octoeverywhere.com']);
    expect(container.querySelector('li .row-title')!.textContent).toBe('Voron 2.4');
    click(button(container, 'Details for OctoEverywhere · KeyDeck · abc.octoeverywhere.com'));
    click(button(container, 'Copy basic-auth password'));
    await vi.waitFor(() => expect(said(document.body)).toBe('Copied the basic-auth password. The clipboard will be cleared in 30 s.'));
    click(button(container, 'Copy connection URL'));
    await vi.waitFor(() => expect(api.sentOf('vault.copy')).toEqual([{ id: oe.id, field: 'basicPassword' }, { id: oe.id, field: 'connectionUrl' }]));
    expect(text(container)).not.toContain('https://abc.octoeverywhere.com/');
  });
});

describe('keyboard', () => {
  test('Enter in the search box copies the first match; the box has focus when the list opens', async () => {
    const api = createFakeApi({ handlers: { 'vault.copy': async () => ({ clearAfterSeconds: 20 }) } });
    const container = renderList(api, [farmA, farmB, cura]);
    expect(document.activeElement).toBe(search(container));
    type(search(container), 'cura');
    await press(search(container), 'Enter');
    await vi.waitFor(() => expect(said(document.body)).toBe('Key copied. The clipboard will be cleared in 20 s.'));
    expect(api.sentOf('vault.copy')).toEqual([{ id: cura.id }]);
  });

  test('one tab stop for the list; arrows, Home and End move it and the focus between rows', async () => {
    const container = renderList(createFakeApi(), [farmA, farmB, cura]);
    const tabbable = () => [...container.querySelectorAll<HTMLElement>('li.credential')].filter((li) => li.tabIndex === 0).map((li) => li.getAttribute('aria-label'));
    expect(tabbable()).toEqual(['OctoPrint · OctoFarm · octopi.local']);
    await press(search(container), 'ArrowDown');
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('OctoPrint · OctoFarm · octopi.local'));
    await press(document.activeElement!, 'ArrowDown');
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('OctoPrint · Cura · octopi.local'));
    expect(tabbable()).toEqual(['OctoPrint · Cura · octopi.local']);
    await press(document.activeElement!, 'End');
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('OctoPrint · OctoFarm · ender.local:5000'));
    await press(document.activeElement!, 'Home');
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('OctoPrint · OctoFarm · octopi.local'));
    // Only the active row's buttons are in the tab order.
    const otherRow = rowOf(container, 'OctoPrint · OctoFarm · ender.local:5000');
    expect(buttons(otherRow, /.*/).every((b) => b.tabIndex === -1)).toBe(true);
  });
});

describe('windowed list', () => {
  const many = Array.from({ length: 1000 }, (_, i) =>
    makeCredential({ app: `App ${String(i).padStart(4, '0')}`, serviceUrl: `http://printer-${i}.local`, createdAt: 1_000_000 - i }),
  );

  test('1,000 keys: the DOM holds only a window of rows; End brings the last row in and focuses it', async () => {
    const container = renderList(createFakeApi(), many);
    const drawn = rowNames(container);
    expect(drawn.length).toBeGreaterThan(5);
    expect(drawn.length).toBeLessThan(40);
    expect(drawn[0]).toBe('OctoPrint · App 0000 · printer-0.local');
    await press(search(container), 'ArrowDown');
    await press(document.activeElement!, 'End');
    await vi.waitFor(() => expect(document.activeElement?.getAttribute('aria-label')).toBe('OctoPrint · App 0999 · printer-999.local'));
    expect(rowNames(container)).not.toContain('OctoPrint · App 0000 · printer-0.local');
    expect(rowNames(container).length).toBeLessThan(40);
    // The spacers stand for the rows not drawn: the scroller's content keeps the full height.
    const scroller = container.querySelector<HTMLElement>('.key-scroller')!;
    const before = parseFloat((scroller.firstElementChild as HTMLElement).style.height);
    expect(before).toBeGreaterThan(900 * 37);
  });

  test('scrolling draws the rows at the new position', async () => {
    const container = renderList(createFakeApi(), many);
    const scroller = container.querySelector<HTMLElement>('.key-scroller')!;
    const { act } = await import('preact/test-utils');
    act(() => {
      scroller.scrollTop = 500 * (28 + 37); // each key here: its server's heading and its row (estimated heights)
      scroller.dispatchEvent(new Event('scroll'));
    });
    await vi.waitFor(() => expect(rowNames(container)).toContain('OctoPrint · App 0500 · printer-500.local'));
    expect(rowNames(container)).not.toContain('OctoPrint · App 0000 · printer-0.local');
  });
});

describe('what comes first', () => {
  test('the detected server’s keys come first, under “On this page”', async () => {
    const container = renderList(createFakeApi(), [farmA, farmB, cura], { pinnedServer: 'http://ender.local:5000/' });
    expect(container.querySelector('h2')!.textContent).toBe('On this page: ender.local:5000');
    expect(rowNames(container)[0]).toBe('OctoPrint · OctoFarm · ender.local:5000');
    expect(rowNames(container)).toHaveLength(3); // not twice
  });

  test('expiring keys are pinned first; the banner filters to them and Show all brings back the rest', async () => {
    const soon = makeCredential({ app: 'Soon', expiresAt: Date.now() + 2 * DAY, createdAt: 500 });
    const container = renderList(createFakeApi(), [farmA, soon, cura]);
    expect(container.querySelector('h2')!.textContent).toBe('Expiring or expired');
    expect(rowNames(container)[0]).toBe('OctoPrint · Soon · octopi.local');
    expect(text(rowOf(container, 'OctoPrint · Soon · octopi.local'))).toMatch(/expires in 2 days|expires in \d+ hours|expires tomorrow/);
    click(button(container, 'Show these keys'));
    await vi.waitFor(() => expect(rowNames(container)).toEqual(['OctoPrint · Soon · octopi.local']));
    expect(text(container)).toContain('Showing keys expiring or expired');
    click(button(container, 'Show all'));
    await vi.waitFor(() => expect(rowNames(container)).toHaveLength(3));
  });

  test('a filter from outside shows only its keys, and Show all calls its onClear', async () => {
    const onClear = vi.fn();
    const container = renderList(createFakeApi(), [farmA, farmB, cura], { filter: { label: 'revoked keys', ids: new Set([cura.id]), onClear } });
    expect(rowNames(container)).toEqual(['OctoPrint · Cura · octopi.local']);
    expect(text(container)).toContain('Showing revoked keys');
    expect(text(container)).toContain('Showing 1 of 3 keys');
    click(button(container, 'Show all'));
    expect(onClear).toHaveBeenCalledOnce();
  });

  test('a filter from outside replaces the expiry filter: its Show all shows every key', async () => {
    const soon = makeCredential({ app: 'Soon', expiresAt: Date.now() + 2 * DAY, createdAt: 500 });
    const views = [farmA, soon, cura].map(viewOf);
    let setOuter: (filter: KeyFilter | undefined) => void = () => {};
    function Host() {
      const [outer, set] = useState<KeyFilter | undefined>(undefined);
      setOuter = set;
      return <CredentialList credentials={views} warnDays={7} filter={outer} />;
    }
    const container = renderWithApi(createFakeApi(), <AnnouncerProvider><Host /></AnnouncerProvider>).container;
    click(button(container, 'Show these keys'));
    await vi.waitFor(() => expect(rowNames(container)).toHaveLength(1));
    setOuter({ label: 'revoked keys', ids: new Set([cura.id]), onClear: () => setOuter(undefined) });
    await vi.waitFor(() => expect(rowNames(container)).toEqual(['OctoPrint · Cura · octopi.local']));
    click(button(container, 'Show all'));
    await vi.waitFor(() => expect(rowNames(container)).toHaveLength(3));
  });
});

describe('App follows the vault', () => {
  test('a key written to storage appears without any message being sent', async () => {
    const api = createFakeApi();
    const container = renderApp(api);
    await vi.waitFor(() => expect(text(container)).toContain('No keys yet'));
    const sentBefore = api.sent.length;

    await api.addCredential(farmB);
    await vi.waitFor(() => expect(rowNames(container)).toEqual(['OctoPrint · OctoFarm · ender.local:5000']));
    expect(text(container)).not.toContain('No keys yet');
    expect(api.sent.slice(sentBefore)).toEqual([]);
  });
});
