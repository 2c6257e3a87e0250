import { fakeBrowser } from '@webext-core/fake-browser';
import { describe, expect, test } from 'vitest';
import { createApi } from '../../../src/popup/api';

// A hand-over asks for the portal's host and, in the same prompt, the optional `history` permission
// (issue 9, finding 5): refusing `history` must not stop a hand-over whose host access is held.
function api(answer: (request: { origins?: string[]; permissions?: string[] }) => boolean, held: string[]) {
  const requests: unknown[] = [];
  const permissions = {
    request: async (request: { origins?: string[]; permissions?: string[] }) => (requests.push(request), answer(request)),
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((o) => held.includes(o)),
  };
  return { requests, api: createApi({ ...fakeBrowser, permissions } as unknown as Parameters<typeof createApi>[0]) };
}

describe('requestOrigins with optional permissions', () => {
  test('asks for both in one prompt', async () => {
    const { api: a, requests } = api(() => true, []);
    await expect(a.requestOrigins(['http://portal.local/*'], ['history'])).resolves.toBe(true);
    expect(requests).toEqual([{ origins: ['http://portal.local/*'], permissions: ['history'] }]);
  });

  test('refused, with the host access already held: the hand-over goes on', async () => {
    const { api: a } = api(() => false, ['http://portal.local/*']);
    await expect(a.requestOrigins(['http://portal.local/*'], ['history'])).resolves.toBe(true);
  });

  test('refused, without the host access: it stops', async () => {
    const { api: a } = api(() => false, []);
    await expect(a.requestOrigins(['http://portal.local/*'], ['history'])).resolves.toBe(false);
    // Without optional permissions, a refusal is a refusal, as before.
    const { api: b } = api(() => false, ['http://portal.local/*']);
    await expect(b.requestOrigins(['http://portal.local/*'])).resolves.toBe(false);
  });
});
