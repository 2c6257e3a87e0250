import { act } from 'preact/test-utils';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { App } from '../../../src/popup/App';
import { BackupPage } from '../../../src/popup/backup/BackupPage';
import type { Credential } from '../../../src/shared/credential';
import { createFakeApi, makeCredential, viewOf, type FakeApi } from '../support/fake-api';
import { installFakeLock, type FakeLockState } from '../support/fake-lock';
import { button, buttons, cleanup, click, field, region, renderWithApi, text, type } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const PASSPHRASE = 'correct horse battery';
const cura = makeCredential({ app: 'Cura' });
const KEY = (cura.secrets as { apiKey: string }).apiKey;
const ROW = 'OctoPrint · Cura · octopi.local';

/** The whole popup over the fake lock, with one key stored and the secret actions answered `locked` while locked. */
async function renderPopup(lock: Partial<FakeLockState>, credentials: Credential[] = [cura]) {
  const api = createFakeApi();
  const fake = installFakeLock(api, lock);
  api.handle('flow.list', async () => ({ flows: [] }));
  api.handle('settings.get', () => api.storage.settings.get());
  api.handle('vault.copy', async () => (fake.needsSecret(), { clearAfterSeconds: 30 }));
  api.handle('vault.reveal', async () => (fake.needsSecret(), { apiKey: KEY }));
  api.handle('credential.revoke', async () => (fake.needsSecret(), { removed: viewOf(cura) }));
  for (const credential of credentials) await api.addCredential(credential);
  const { container } = renderWithApi(api, <App />);
  return { api, fake, container, header: () => container.querySelector('header')! };
}

const prompt = (root: Element) => region(root, 'Unlock KeyDeck');

/**
 * Submits the field's form as Enter in it does (happy-dom has no implicit submission; the real key
 * is pressed in the browsers, test/e2e/lock.test.ts).
 */
function pressEnter(input: HTMLInputElement) {
  act(() => input.form!.requestSubmit());
}

describe('the popup while locked', () => {
  test('Escape closes the unlock prompt (the copy waiting for it is not made), and only the prompt', async () => {
    const { api, container } = await renderPopup({ passphrase: PASSPHRASE, locked: true });
    click(await vi.waitFor(() => button(container, `Copy ${ROW}`)));
    await vi.waitFor(() => prompt(container));
    act(() => void document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true })));
    await vi.waitFor(() => expect(container.querySelector('[aria-label="Unlock KeyDeck"]')).toBeNull());
    expect(container.querySelector('[role="tab"][aria-selected="true"]')!.textContent).toBe('Keys');
    expect(api.sentOf('lock.unlock')).toEqual([]);
    expect(api.sentOf('vault.copy')).toHaveLength(1); // the one that met the lock: not run again
  });

  test('shows the list and a Locked indicator; Copy asks for the passphrase in place, then copies once', async () => {
    const { api, container, header } = await renderPopup({ passphrase: PASSPHRASE, locked: true });
    await vi.waitFor(() => expect(text(header())).toContain('Locked'));
    expect(buttons(header(), 'Unlock')).toHaveLength(1);
    const copy = await vi.waitFor(() => button(container, `Copy ${ROW}`));

    click(copy);
    const box = await vi.waitFor(() => prompt(container));
    expect(text(box)).toContain('KeyDeck is locked. Enter your passphrase to copy the key.');
    const passphrase = field(box, 'Passphrase');
    expect(document.activeElement).toBe(passphrase);
    expect(api.sentOf('vault.copy')).toHaveLength(1);

    // A wrong passphrase says so and keeps the prompt; nothing is copied.
    type(passphrase, 'not it at all');
    pressEnter(passphrase);
    await vi.waitFor(() => expect(box.querySelector('[role="alert"]')?.textContent).toBe('Wrong passphrase.'));
    expect(api.sentOf('vault.copy')).toHaveLength(1);

    type(field(prompt(container), 'Passphrase'), PASSPHRASE);
    pressEnter(field(prompt(container), 'Passphrase'));
    await vi.waitFor(() => expect(text(container)).toContain('Key copied. The clipboard will be cleared in 30 s.'));
    expect(api.sentOf('lock.unlock')).toEqual([{ passphrase: 'not it at all' }, { passphrase: PASSPHRASE }]);
    expect(api.sentOf('vault.copy')).toEqual([{ id: cura.id }, { id: cura.id }]);
    expect(container.querySelector('[aria-label="Unlock KeyDeck"]')).toBeNull();
    await vi.waitFor(() => expect(buttons(header(), 'Lock now')).toHaveLength(1));
    expect(text(header())).not.toContain('Locked');
  });

  test('Reveal after unlocking shows the key', async () => {
    const { container } = await renderPopup({ passphrase: PASSPHRASE, locked: true });
    const row = await vi.waitFor(() => region(container, ROW));
    click(button(row, `Details for ${ROW}`));
    click(button(row, 'Reveal'));
    const box = await vi.waitFor(() => prompt(container));
    expect(text(box)).toContain('Enter your passphrase to reveal the key.');
    type(field(box, 'Passphrase'), PASSPHRASE);
    click(button(box, 'Unlock'));
    await vi.waitFor(() => expect(row.querySelector('[data-testid="key"]')?.textContent).toBe(KEY));
  });

  test('Cancel leaves it locked: the action says so, and a revoke is not taken for a failed one', async () => {
    const { api, container } = await renderPopup({ passphrase: PASSPHRASE, locked: true });
    const row = await vi.waitFor(() => region(container, ROW));
    click(button(row, `Details for ${ROW}`));
    click(button(row, 'Revoke on server'));
    click(button(row, 'Revoke on server'));
    const box = await vi.waitFor(() => prompt(container));
    expect(text(box)).toContain('Enter your passphrase to revoke the key.');
    click(button(box, 'Cancel'));
    await vi.waitFor(() => expect(text(row)).toContain('KeyDeck is locked: unlock it first.'));
    expect(container.querySelector('[aria-label="Unlock KeyDeck"]')).toBeNull();
    expect(api.sentOf('credential.revoke')).toHaveLength(1);
    expect(api.sentOf('lock.unlock')).toEqual([]);
    expect(buttons(row, 'Remove from KeyDeck (stays valid on the server)')).toHaveLength(1);
    expect(buttons(row, /Forget locally/)).toEqual([]);
  });

  test('too many wrong tries: the prompt shows the wait and Unlock waits', async () => {
    const { api, container } = await renderPopup({ passphrase: PASSPHRASE, locked: true, slowDown: true, retryInMs: 45_000 });
    click(await vi.waitFor(() => button(container.querySelector('header')!, 'Unlock')));
    const box = await vi.waitFor(() => prompt(container));
    expect(text(box)).toContain('Enter your passphrase to unlock KeyDeck.');
    // Opened during the wait, the prompt already says it.
    await vi.waitFor(() => expect(text(box)).toMatch(/Too many wrong passphrases\. Try again in (45|44) s\./));
    expect(button(box, 'Unlock').disabled).toBe(true);
    expect(api.sentOf('lock.unlock')).toEqual([]);
  });

  test('header: Unlock opens the prompt, Lock now locks and hides a revealed key', async () => {
    const { api, fake, container, header } = await renderPopup({ passphrase: PASSPHRASE, locked: true });
    click(await vi.waitFor(() => button(header(), 'Unlock')));
    const box = await vi.waitFor(() => prompt(container));
    type(field(box, 'Passphrase'), PASSPHRASE);
    click(button(box, 'Unlock'));
    const lockNow = await vi.waitFor(() => button(header(), 'Lock now'));
    expect(fake.state.locked).toBe(false);

    const row = region(container, ROW);
    click(button(row, `Details for ${ROW}`));
    click(button(row, 'Reveal'));
    await vi.waitFor(() => expect(row.querySelector('[data-testid="key"]')?.textContent).toBe(KEY));
    click(lockNow);
    await vi.waitFor(() => expect(text(header())).toContain('Locked'));
    expect(api.sentOf('lock.lockNow')).toEqual([{}]);
    expect(fake.state.locked).toBe(true);
    await vi.waitFor(() => expect(text(container)).not.toContain(KEY));
    expect(region(container, ROW).querySelector('[data-testid="key"]')?.textContent).toBe(viewOf(cura).maskedKey);
  });
});

describe('the backup page while locked', () => {
  test('Export asks for the passphrase in place, then exports', async () => {
    const api = createFakeApi();
    const fake = installFakeLock(api, { passphrase: PASSPHRASE, locked: true });
    api.handle('backup.export', async () => (fake.needsSecret(), { file: '{"format":"keydeck-backup"}', count: 1 }));
    await api.addCredential(cura);
    const { container } = renderWithApi(api, <BackupPage part="export" />);
    type(await vi.waitFor(() => field(container, 'Passphrase (at least 10 characters)')), 'a backup passphrase');
    type(field(container, 'The same passphrase again'), 'a backup passphrase');
    click(button(container, 'Export'));
    const box = await vi.waitFor(() => prompt(container));
    type(field(box, 'Passphrase'), PASSPHRASE);
    click(button(box, 'Unlock'));
    await vi.waitFor(() => expect(text(container)).toContain('This file holds 1 key'));
    expect(api.sentOf('backup.export')).toEqual([{ passphrase: 'a backup passphrase' }, { passphrase: 'a backup passphrase' }]);
  });
});

describe('the offer to set a passphrase', () => {
  test('a calm card leads to Settings; Not now dismisses it', async () => {
    const { api, container } = await renderPopup({ offer: true });
    const offer = await vi.waitFor(() => region(container, 'Protect your keys with a passphrase'));
    click(button(offer, 'Set a passphrase'));
    await vi.waitFor(() => region(region(container, 'Passphrase lock'), 'Set a passphrase'));
    click(button(container, 'Back'));

    const again = await vi.waitFor(() => region(container, 'Protect your keys with a passphrase'));
    click(button(again, 'Not now'));
    await vi.waitFor(() => expect(container.querySelector('[aria-label="Protect your keys with a passphrase"]')).toBeNull());
    expect(api.sentOf('lock.dismissOffer')).toEqual([{}]);
  });

  test('the first key added while the popup is open brings the offer', async () => {
    const { fake, api, container } = await renderPopup({}, []);
    await vi.waitFor(() => expect(text(container)).toContain('No keys yet'));
    expect(container.querySelector('[aria-label="Protect your keys with a passphrase"]')).toBeNull();
    fake.state.offer = true; // the background offers once the vault holds a key
    await api.addCredential(cura);
    await vi.waitFor(() => region(container, 'Protect your keys with a passphrase'));
  });

  test('no offer, no indicator while the background says nothing about the lock', async () => {
    const api: FakeApi = createFakeApi();
    api.handle('flow.list', async () => ({ flows: [] }));
    await api.addCredential(cura);
    const { container } = renderWithApi(api, <App />);
    await vi.waitFor(() => region(container, ROW));
    expect(buttons(container.querySelector('header')!, /Lock now|Unlock/)).toEqual([]);
    expect(container.querySelector('[aria-label="Protect your keys with a passphrase"]')).toBeNull();
  });
});
