import { afterEach, describe, expect, test, vi } from 'vitest';
import { App } from '../../../src/popup/App';
import { CredentialList } from '../../../src/popup/CredentialList';
import type { Credential } from '../../../src/shared/credential';
import { createFakeApi, makeCredential, viewOf, type FakeApi } from '../support/fake-api';
import { fakeProvider, registryWith } from '../support/fake-providers';
import { button, buttons, cleanup, click, region, renderWithApi, text, type } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const farmA = makeCredential({ app: 'OctoFarm', serviceUrl: 'http://octopi.local', createdAt: 3_000 });
const farmB = makeCredential({ app: 'OctoFarm', serviceUrl: 'http://ender.local:5000', user: 'alice', createdAt: 2_000 });
const cura = makeCredential({ app: 'Cura', serviceUrl: 'http://octopi.local', createdAt: 1_000 });

function renderList(api: FakeApi, credentials: Credential[]) {
  const notices: string[] = [];
  const views = credentials.map(viewOf).sort((a, b) => b.createdAt - a.createdAt);
  const { container } = renderWithApi(api, <CredentialList credentials={views} warnDays={7} onNotice={(m) => notices.push(m)} />);
  return { container, notices };
}

/** App with an empty key-request list; the vault is whatever the fake's storage holds. */
function renderApp(api: FakeApi) {
  api.handle('flow.list', async () => ({ flows: [] }));
  return renderWithApi(api, <App />).container;
}

const rowNames = (root: Element) => [...root.querySelectorAll('li.credential')].map((li) => li.getAttribute('aria-label'));

describe('the key list', () => {
  test('groups keys per app, then per server', async () => {
    const { container } = renderList(createFakeApi(), [farmA, farmB, cura]);
    await vi.waitFor(() => expect(rowNames(container)).toHaveLength(3));
    const apps = [...container.querySelectorAll('section.app-group')].map((s) => s.getAttribute('aria-label'));
    expect(apps).toEqual(['OctoFarm', 'Cura']);
    const farm = region(container, 'OctoFarm');
    expect([...farm.querySelectorAll('section.server-group')].map((s) => s.getAttribute('aria-label'))).toEqual([
      'http://octopi.local',
      'http://ender.local:5000',
    ]);
    expect(text(region(farm, 'http://ender.local:5000'))).toContain('alice');
    expect(rowNames(region(container, 'Cura'))).toEqual(['OctoPrint · Cura']);
  });

  test('the filter box narrows the list, and says when nothing matches', async () => {
    const { container } = renderList(createFakeApi(), [farmA, farmB, cura]);
    const filter = container.querySelector<HTMLInputElement>('input[type="search"]')!;
    type(filter, 'cura');
    await vi.waitFor(() => expect(rowNames(container)).toEqual(['OctoPrint · Cura']));
    type(filter, 'ender');
    await vi.waitFor(() => expect(text(container)).not.toContain('Cura'));
    expect(rowNames(container)).toEqual(['OctoPrint · OctoFarm']);
    expect(text(container)).toContain('http://ender.local:5000');
    type(filter, 'no such thing');
    await vi.waitFor(() => expect(text(container)).toContain('No key matches this filter.'));
    expect(rowNames(container)).toEqual([]);
  });

  test('Copy sends vault.copy with the key’s id and tells when the clipboard is cleared', async () => {
    const api = createFakeApi({ handlers: { 'vault.copy': async () => ({ clearAfterSeconds: 45 }) } });
    await api.addCredential(cura);
    const container = renderApp(api);
    const copy = await vi.waitFor(() => button(container, 'Copy OctoPrint · Cura'));
    click(copy);
    await vi.waitFor(() => expect(text(container)).toContain('Key copied. The clipboard will be cleared in 45 s.'));
    expect(api.sentOf('vault.copy')).toEqual([{ id: cura.id }]);
  });

  test('Delete asks first: nothing is sent until the user confirms', async () => {
    const api = createFakeApi({ handlers: { 'vault.remove': async () => ({ removed: viewOf(cura) }) } });
    const { container, notices } = renderList(api, [cura]);
    click(button(container, 'Delete OctoPrint · Cura'));
    await vi.waitFor(() => expect(text(container)).toContain('Delete the key for Cura from KeyDeck?'));
    click(button(container, 'Cancel'));
    await vi.waitFor(() => expect(text(container)).not.toContain('Delete the key for Cura from KeyDeck?'));
    expect(api.sentOf('vault.remove')).toEqual([]);

    click(button(container, 'Delete OctoPrint · Cura'));
    const confirm = await vi.waitFor(() => button(container.querySelector('[role="group"]')!, 'Delete'));
    expect(api.sentOf('vault.remove')).toEqual([]);
    click(confirm);
    await vi.waitFor(() => expect(notices).toEqual(['Deleted the key for Cura from KeyDeck.']));
    expect(api.sentOf('vault.remove')).toEqual([{ id: cura.id }]);
  });

  test('Verify and Revoke come from what the provider can do: a provider without them shows neither', async () => {
    const fake = makeCredential({ provider: 'fake', app: 'Spool', secrets: { apiKey: 'fk_abcdefghijklmnop' } });
    const { container } = renderList(createFakeApi({ providers: registryWith(fakeProvider) }), [fake, cura]);
    const fakeRow = await vi.waitFor(() => region(container, 'Fake · Spool'));
    expect(buttons(fakeRow, /.*/).map((b) => b.textContent)).toEqual(['Copy', 'Reveal', 'Delete']);
    // OctoPrint can do both: the same list shows them on its row.
    const octoRow = region(container, 'OctoPrint · Cura');
    expect(buttons(octoRow, /.*/).map((b) => b.textContent)).toEqual(['Copy', 'Reveal', 'Verify', 'Revoke', 'Delete']);
  });
});

describe('App follows the vault', () => {
  test('a key written to storage appears without any message being sent', async () => {
    const api = createFakeApi();
    const container = renderApp(api);
    await vi.waitFor(() => expect(text(container)).toContain('No keys yet'));
    const sentBefore = api.sent.length;

    await api.addCredential(farmB);
    await vi.waitFor(() => expect(rowNames(container)).toEqual(['OctoPrint · OctoFarm']));
    expect(text(region(container, 'http://ender.local:5000'))).toContain('alice');
    expect(text(container)).not.toContain('No keys yet');
    expect(api.sent.slice(sentBefore)).toEqual([]);
  });
});
