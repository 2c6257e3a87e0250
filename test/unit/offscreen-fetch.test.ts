import { describe, expect, test, vi } from 'vitest';
import { createOffscreenFetch } from '../../src/background/offscreen-fetch';
import { ensureOffscreenDocument, type ChromeOffscreenApi } from '../../src/background/offscreen-document';
import type { OffscreenRequest } from '../../src/shared/offscreen';

const GET: OffscreenRequest = { method: 'GET', url: 'https://octopi.local/api/version', headers: { 'x-api-key': 'K' }, credentials: 'omit', timeoutMs: 10_000 };

function chromeWith(answers: unknown[]) {
  const created: Array<{ reasons: string[] }> = [];
  let open = false;
  const chrome: ChromeOffscreenApi = {
    offscreen: { createDocument: async (options) => void (created.push(options), (open = true)) },
    runtime: {
      getContexts: async () => (open ? [{}] : []),
      sendMessage: vi.fn(async () => answers.shift()),
    },
  };
  return { chrome, created };
}

describe('the background’s side of the offscreen request', () => {
  test('opens the document for its worker (reason WORKERS), sends one checked message, returns the checked reply', async () => {
    const { chrome, created } = chromeWith([{ ok: true, status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }]);
    await expect(createOffscreenFetch(chrome)(GET)).resolves.toEqual({ ok: true, status: 200, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(created.map((c) => c.reasons)).toEqual([['WORKERS']]);
    expect(chrome.runtime.sendMessage).toHaveBeenCalledWith({ target: 'offscreen', type: 'fetch', request: GET });
  });

  test('a reply that does not parse (an extra header, a status out of range) is a network failure, not a response', async () => {
    for (const bad of [{ ok: true, status: 200, headers: { 'set-cookie': 'x' }, body: '' }, { ok: true, status: 700, headers: {}, body: '' }, 'yes']) {
      const { chrome } = chromeWith([bad]);
      await expect(createOffscreenFetch(chrome)(GET)).resolves.toEqual({ ok: false, error: 'network' });
    }
  });

  test('no answer (the document was closing): a GET is sent once more, a POST never twice', async () => {
    const ok = { ok: true, status: 200, headers: {}, body: '' };
    const get = chromeWith([undefined, ok]);
    await expect(createOffscreenFetch(get.chrome)(GET)).resolves.toEqual(ok);
    const post = chromeWith([undefined, ok]);
    await expect(createOffscreenFetch(post.chrome)({ ...GET, method: 'POST', body: '{}' })).resolves.toEqual({ ok: false, error: 'network' });
    expect(post.chrome.runtime.sendMessage).toHaveBeenCalledTimes(1);
  });
});

describe('one offscreen document', () => {
  test('two jobs at once (a Verify and a Copy) create it once, and both wait until it has loaded', async () => {
    let loaded = false;
    let finishLoading = () => undefined as void;
    const createDocument = vi.fn(() => new Promise<void>((resolve) => (finishLoading = () => ((loaded = true), resolve()))));
    const chrome: ChromeOffscreenApi = {
      offscreen: { createDocument },
      runtime: { getContexts: async () => (loaded ? [{}] : []), sendMessage: async () => undefined },
    };
    const why = { reasons: ['WORKERS'], justification: 'x' };
    const seen: boolean[] = [];
    const both = Promise.all([ensureOffscreenDocument(chrome, why), ensureOffscreenDocument(chrome, why)].map((p) => p.then(() => seen.push(loaded))));
    await vi.waitFor(() => expect(createDocument).toHaveBeenCalledTimes(1));
    finishLoading();
    await both;
    expect(seen).toEqual([true, true]);
    expect(createDocument).toHaveBeenCalledTimes(1);
  });
});
