import { afterEach, describe, expect, test, vi } from 'vitest';
import { ExpiryBanner } from '../../../src/popup/keys/ExpiryBanner';
import { createFakeApi, makeCredential, viewOf } from '../support/fake-api';
import { button, cleanup, click, renderWithApi, text } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const NOW = 1_800_000_000_000;
const DAY = 86_400_000;
const key = (app: string, expiresAt?: number) => viewOf(makeCredential({ app, ...(expiresAt === undefined ? {} : { expiresAt }) }));

describe('the expiry banner', () => {
  const banner = (credentials: ReturnType<typeof key>[], onFilter = vi.fn(), warnDays = 7) =>
    renderWithApi(createFakeApi(), <ExpiryBanner credentials={credentials} now={NOW} warnDays={warnDays} onFilter={onFilter} />).container;

  test('says only the counts there are, in the right number', () => {
    expect(text(banner([key('Soon', NOW + 2 * DAY), key('Fine', NOW + 30 * DAY)]))).toBe('1 key expires within 7 days. Show these keys');
    cleanup();
    expect(text(banner([key('Gone', NOW - DAY), key('Gone too', NOW - 2 * DAY)]))).toBe(
      '2 keys have expired. Expired keys are kept until you delete them. Show these keys',
    );
    cleanup();
    expect(text(banner([key('Gone', NOW - DAY), key('Soon', NOW + DAY), key('Soon too', NOW + 3 * DAY)]))).toBe(
      '1 key has expired. Expired keys are kept until you delete them. 2 keys expire within 7 days. Show these keys',
    );
    cleanup();
    expect(text(banner([key('Soon', NOW + DAY / 2)], vi.fn(), 1))).toBe('1 key expires within 1 day. Show these keys');
  });

  test('is absent when nothing expires soon, and its button filters to those keys', () => {
    expect(text(banner([key('Fine', NOW + 30 * DAY), key('Never')]))).toBe('');
    cleanup();
    const onFilter = vi.fn();
    const soon = key('Soon', NOW + DAY);
    click(button(banner([soon, key('Never')], onFilter), 'Show these keys'));
    expect(onFilter).toHaveBeenCalledWith({ label: 'keys expiring or expired', ids: new Set([soon.id]) });
  });
});
