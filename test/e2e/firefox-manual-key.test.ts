import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { GECKO_ID } from '../../scripts/manifest-for';
import { launchFirefox, type FirefoxSession, type FirefoxTab } from './harness/firefox';

// The manual-key path in real headless Firefox ESR, through the popup as a user would: real clicks and
// key presses over WebDriver BiDi. Firefox's background is an event page with its own clipboard.
const KEY = 'FEDCBA9876543210FEDCBA9876543210';
let firefox: FirefoxSession;
let popup: FirefoxTab;

beforeAll(async () => {
  firefox = await launchFirefox({
    extensionPath: resolve('dist-test/firefox'),
    geckoId: GECKO_ID,
    // Headless Firefox cannot answer a permission doorhanger: grant optional permissions silently.
    prefs: { 'extensions.webextOptionalPermissionPrompts': false },
  });
  popup = await firefox.open(`${firefox.extensionOrigin}/src/popup/index.html`);
});
afterAll(async () => {
  await firefox?.close();
});

/** Marks the element a person would find by its visible text (or its label's), then returns a selector for it. */
async function mark(kind: 'button' | 'field', text: string): Promise<string> {
  const found = await popup.evaluate<boolean>(`(() => {
    document.querySelectorAll('[data-e2e]').forEach((el) => el.removeAttribute('data-e2e'));
    const text = ${JSON.stringify(text)};
    const el = ${JSON.stringify(kind)} === 'button'
      ? [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === text)
      : [...document.querySelectorAll('label')].find((l) => l.textContent.startsWith(text))?.querySelector('input, select');
    if (!el) return false;
    el.setAttribute('data-e2e', '1');
    return true;
  })()`);
  if (!found) throw new Error(`no ${kind} "${text}" in the popup`);
  return '[data-e2e="1"]';
}

const click = async (text: string) => popup.click(await mark('button', text));
/** Types into a field, replacing what it held, as a person selecting its text first would. */
async function fill(label: string, value: string): Promise<void> {
  await popup.type(await mark('field', label), value, { replace: true });
}
const waitForText = (text: string) => popup.waitFor(`document.body.innerText.includes(${JSON.stringify(text)})`, 10_000);
const keyShown = () => popup.evaluate<string>(`document.querySelector('[data-testid="key"]')?.textContent ?? ''`);

test('a key typed in by hand is stored, listed, copied (then cleared), revealed and deleted', async () => {
  await waitForText('No keys yet');

  await click('Settings');
  await waitForText('Clear the clipboard after');
  await fill('Clear the clipboard after', '5');
  await click('Save');
  await waitForText('Settings saved.');
  await click('Back');

  await click('Add key');
  await fill('Server URL', 'http://127.0.0.1:9');
  await fill('App name', 'X');
  await fill('API key', KEY);
  await click('Save');
  await waitForText('The app name must be 2–60 characters.');
  await fill('App name', 'PrusaSlicer');
  await click('Save');
  await waitForText('Saved the key for PrusaSlicer.');
  await waitForText('http://127.0.0.1:9');
  expect(await keyShown()).toBe('••••••••3210');

  await click('Reveal');
  await popup.waitFor(`document.querySelector('[data-testid="key"]').textContent === ${JSON.stringify(KEY)}`);
  await click('Hide');
  expect(await keyShown()).toBe('••••••••3210');

  await click('Copy');
  await waitForText('The clipboard will be cleared in 5 s.');
  // The add-on holds clipboardRead, so its own page can read what the background wrote.
  expect(await popup.evaluate<string>('navigator.clipboard.readText()')).toBe(KEY);
  await popup.waitFor(`navigator.clipboard.readText().then((text) => text === '')`, 15_000);

  await click('Delete');
  await waitForText('Delete the key for PrusaSlicer from KeyDeck?');
  await click('Delete');
  await waitForText('Deleted the key for PrusaSlicer from KeyDeck.');
  await waitForText('No keys yet');
});

test('the background refuses a malformed message with a typed error', async () => {
  const reply = await popup.evaluate<{ ok: boolean; error: { code: string } }>(
    `browser.runtime.sendMessage({ type: 'vault.reveal', payload: { id: 42 } })`,
  );
  expect(reply).toMatchObject({ ok: false, error: { code: 'bad-message' } });
});
