import { afterEach, expect, test, vi } from 'vitest';
import { CaptureList } from '../../../src/popup/CaptureList';
import type { CaptureResult } from '../../../src/shared/capture';
import { createFakeApi } from '../support/fake-api';
import { button, cleanup, click, renderWithApi, text } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const KEY = 'sk_abcDEF0123456789';
const result: CaptureResult = {
  id: 'r1', at: 1, kind: 'cocalc-legacy', ok: false, unsavedKey: true, app: 'KeyDeck', provider: 'cocalc', serviceUrl: 'https://cocalc.com',
  message: 'KeyDeck’s storage is full: delete keys you no longer use to make room. The key is NOT saved: copy it or reveal it now and store it somewhere safe; KeyDeck forgets it when you dismiss this. The tab that received it stays open.',
};

test('a handed-over key that could not be saved offers Copy (timed clear) and Reveal, asked of the background only on click', async () => {
  const api = createFakeApi({
    handlers: {
      'capture.revealUnsavedKey': async () => ({ apiKey: KEY }),
      'capture.copyUnsavedKey': async () => ({ clearAfterSeconds: 30 }),
    },
  });
  const { container } = renderWithApi(api, <CaptureList captures={[result]} onAddManually={() => undefined} />);
  expect(text(container)).toContain('The key is NOT saved');
  expect(api.sent).toEqual([]);
  click(button(container, 'Reveal the unsaved key for KeyDeck'));
  await vi.waitFor(() => expect(container.querySelector('[data-testid="unsaved-key"]')?.textContent).toBe(KEY));
  click(button(container, 'Copy the unsaved key for KeyDeck'));
  await vi.waitFor(() => expect(text(container)).toContain('Key copied. The clipboard will be cleared in 30 s.'));
  expect(api.sentOf('capture.copyUnsavedKey')).toEqual([{ id: 'r1' }]);
  click(button(container, 'Hide the unsaved key for KeyDeck'));
  expect(container.querySelector('[data-testid="unsaved-key"]')).toBeNull();
});

test('a saved hand-over has no such buttons', () => {
  const api = createFakeApi();
  const { container } = renderWithApi(api, <CaptureList captures={[{ ...result, ok: true, unsavedKey: undefined, message: 'Saved the CoCalc key.' }]} onAddManually={() => undefined} />);
  expect([...container.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Dismiss']);
});

test('a saved hand-over offers Copy of its key: copied, it is dismissed; one that lands while open is announced once', async () => {
  const api = createFakeApi({ handlers: { 'vault.copy': async () => ({ clearAfterSeconds: 30 }), 'capture.dismiss': async () => ({ ok: true }) } });
  const saved: CaptureResult = { ...result, id: 'r2', ok: true, unsavedKey: undefined, credentialId: 'cred-9', message: 'Saved the CoCalc key.' };
  const { container, rerender } = renderWithApi(api, <CaptureList captures={[]} onAddManually={() => undefined} />);
  const live = () => container.querySelector('[aria-live="polite"]')!.textContent;
  rerender(<CaptureList captures={[saved]} onAddManually={() => undefined} />);
  expect(live()).toBe('Saved the CoCalc key.');
  expect(container.querySelector('[role="alert"], [role="status"]:not([aria-live])')).toBeNull();
  click(button(container, 'Copy the new key for KeyDeck'));
  await vi.waitFor(() => expect(api.sentOf('capture.dismiss')).toEqual([{ id: 'r2' }]));
  expect(api.sentOf('vault.copy')).toEqual([{ id: 'cred-9' }]);
  expect(live()).toBe('Key copied. The clipboard will be cleared in 30 s.');
});
