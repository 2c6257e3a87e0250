import { describe, expect, test, vi } from 'vitest';
import { keepStorageFromContentScripts } from '../../src/storage/access';

describe('storage is kept from content scripts', () => {
  test('Chrome: both areas are set to trusted contexts only', async () => {
    const local = { setAccessLevel: vi.fn(async () => undefined) };
    const session = { setAccessLevel: vi.fn(async () => undefined) };
    await keepStorageFromContentScripts({ local, session });
    expect(local.setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    expect(session.setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
  });

  test('Firefox, which has no such switch: nothing to call, nothing fails', async () => {
    await expect(keepStorageFromContentScripts({ local: {}, session: {} })).resolves.toBeUndefined();
  });
});
