import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { bindItem, defineItem } from '../../src/storage/item';
import { isQuotaError } from '../../src/storage/quota';
import { createMemoryBackend } from '../support/memory-backend';

// A full storage quota becomes a message the user can act on, wherever KeyDeck writes.
describe('storage quota errors', () => {
  test.each([
    ['Resource::kQuotaBytes quota exceeded', true], // Chromium 156, storage.local (seen in the e2e build)
    ['QUOTA_BYTES quota exceeded', true], // older Chrome, storage.local
    ['Session storage quota bytes exceeded. Values were not stored.', true], // Chromium, storage.session
    ['QuotaExceededError: storage.session API call exceeded its quota limitations.', true], // Firefox ESR 153
    ['MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded', false], // a rate limit, not a full store
    ['Could not establish connection. Receiving end does not exist.', false],
  ])('%s → full: %s', (message, full) => {
    expect(isQuotaError(new Error(message))).toBe(full);
  });

  test('an error named QuotaExceededError (a full disk under Firefox’s IndexedDB) is one too', () => {
    expect(isQuotaError(new DOMException('The current transaction exceeded its quota limitations.', 'QuotaExceededError'))).toBe(true);
  });

  test('a write the browser refuses for quota says “KeyDeck’s storage is full” and what to do; other failures pass unchanged', async () => {
    const backend = createMemoryBackend();
    const item = bindItem(backend, defineItem({ area: 'local', key: 'x', schema: v.string(), fallback: '' }));
    backend.failWrites('local', 'Resource::kQuotaBytes quota exceeded');
    await expect(item.set('value')).rejects.toMatchObject({
      code: 'storage-full',
      message: expect.stringMatching(/^KeyDeck’s storage is full: delete keys you no longer use to make room\.$/),
    });
    await expect(item.update(() => 'value')).rejects.toMatchObject({ code: 'storage-full' });
    backend.failWrites('local', 'IO error: disk gone');
    await expect(item.set('value')).rejects.toThrow('IO error: disk gone');
  });
});
