import { afterEach, describe, expect, test, vi } from 'vitest';
import { OpenInTabButton, tabViewUrl } from '../../../src/options/OpenInTabButton';
import { createFakeApi } from '../support/fake-api';
import { button, buttons, cleanup, click, renderWithApi } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.view;
});

describe('Open in a tab', () => {
  test('the full-tab view is the options page next to the popup page', () => {
    expect(tabViewUrl('chrome-extension://abc/src/popup/index.html')).toBe('chrome-extension://abc/src/options/index.html');
    expect(tabViewUrl('moz-extension://0f1e/src/popup/index.html?view=x')).toBe('moz-extension://0f1e/src/options/index.html');
  });

  test('in the popup it opens that page in a tab', () => {
    const api = createFakeApi();
    const { container } = renderWithApi(api, <OpenInTabButton />);
    click(button(container, 'Open in a tab'));
    expect(api.opened).toEqual([tabViewUrl(location.href)]);
  });

  test('in the tab view itself it is not offered', () => {
    document.documentElement.dataset.view = 'tab';
    const { container } = renderWithApi(createFakeApi(), <OpenInTabButton />);
    expect(buttons(container, 'Open in a tab')).toEqual([]);
  });
});
