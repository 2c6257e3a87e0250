import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { updateExpiryBadge } from '../../src/background/expiry-badge';
import { testVault } from '../support/test-vault';
import { createStore, type StorageBackend } from '../../src/storage';
import { expiryCounts, expiryState } from '../../src/shared/expiry';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;

describe('expiry', () => {
  test('a key is fine, soon due, or expired, by the warning window', () => {
    expect(expiryState(undefined, NOW, 7)).toBe('none');
    expect(expiryState(NOW + 8 * DAY, NOW, 7)).toBe('ok');
    expect(expiryState(NOW + 7 * DAY, NOW, 7)).toBe('soon');
    expect(expiryState(NOW, NOW, 7)).toBe('expired');
    expect(expiryCounts([{ expiresAt: NOW - 1 }, { expiresAt: NOW + DAY }, {}, { expiresAt: NOW + 30 * DAY }], NOW, 7)).toEqual({ soon: 1, expired: 1 });
  });

  describe('toolbar badge', () => {
    beforeEach(() => fakeBrowser.reset());

    test('counts keys needing attention, says which in its title, and deletes nothing', async () => {
      const vault = testVault(createStore(fakeBrowser.storage as unknown as StorageBackend));
      const base = { provider: 'cocalc', serviceUrl: 'https://cocalc.com', secrets: { apiKey: 'sk-x' }, source: 'account-api' as const, createdAt: 0 };
      await vault.add({ ...base, app: 'old', expiresAt: NOW - DAY });
      await vault.add({ ...base, app: 'soon', expiresAt: NOW + 2 * DAY });
      await vault.add({ ...base, app: 'later', expiresAt: NOW + 60 * DAY });
      const setBadge = vi.fn(async () => undefined);
      await updateExpiryBadge({ listCredentials: vault.list, settings: async () => DEFAULT_SETTINGS, setBadge, now: () => NOW });
      expect(setBadge).toHaveBeenCalledWith('2', 'KeyDeck: 1 expired, 1 expiring within 7 days');
      expect(await vault.list()).toHaveLength(3);

      await updateExpiryBadge({ listCredentials: vault.list, settings: async () => ({ ...DEFAULT_SETTINGS, expiryWarningDays: 0 }), setBadge, now: () => NOW - 2 * DAY });
      expect(setBadge).toHaveBeenLastCalledWith('', 'KeyDeck');
    });
  });
});
