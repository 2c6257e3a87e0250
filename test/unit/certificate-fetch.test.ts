import { describe, expect, test, vi } from 'vitest';
import { createCertificateAwareFetch } from '../../src/background/certificate-fetch';
import type { PageFetch } from '../../src/background/offscreen-fetch';
import { createRequestErrors } from '../../src/background/request-errors';
import { createHttp, NetworkError } from '../../src/providers/http';
import type { OffscreenFetchReply, OffscreenRequest } from '../../src/shared/offscreen';

const URL_ = 'https://octopi.local:8443/plugin/appkeys/probe';

/** The worker's fetch as Chrome's service worker gives it for a server it cannot trust: a bare TypeError. */
function failingWorker() {
  return vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit): Promise<Response> => {
    throw new TypeError('Failed to fetch');
  });
}

/** The browser reporting why (webRequest), a few ms after the fetch failed, as both browsers do. */
function browserSays(said: string | undefined) {
  const errors = createRequestErrors();
  return {
    errors: {
      said: (url: string, since: number, waitMs: number) => {
        if (said !== undefined) setTimeout(() => errors.record({ url, error: said }), 5);
        return errors.said(url, since, waitMs);
      },
    },
  };
}

function page(...replies: OffscreenFetchReply[]) {
  const seen: OffscreenRequest[] = [];
  const pageFetch: PageFetch = async (request) => {
    seen.push(request);
    return replies.shift() ?? { ok: false, error: 'network' };
  };
  return { pageFetch, seen };
}

describe('a request that fails at the network level', () => {
  test('Chrome: retried from the extension page, whose answer is the response (status, headers read, body)', async () => {
    const worker = failingWorker();
    const { pageFetch, seen } = page({ ok: true, status: 201, headers: { location: 'https://octopi.local:8443/plugin/appkeys/request/T', 'content-type': 'application/json' }, body: '{"app_token":"T"}' });
    const http = createHttp(createCertificateAwareFetch({ fetch: worker, pageFetch, ...browserSays('net::ERR_CERT_AUTHORITY_INVALID') }));
    const response = await http('https://octopi.local:8443/plugin/appkeys/request', { method: 'POST', json: { app: 'OctoFarm' }, headers: { Authorization: 'Basic dTpw' } });
    expect(response).toMatchObject({ status: 201, json: { app_token: 'T' } });
    expect(response.headers.get('Location')).toBe('https://octopi.local:8443/plugin/appkeys/request/T');
    const lowered = seen.map((r) => ({ ...r, headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])) }));
    expect(lowered).toEqual([
      {
        method: 'POST',
        url: 'https://octopi.local:8443/plugin/appkeys/request',
        headers: { 'content-type': 'application/json', authorization: 'Basic dTpw' },
        body: '{"app":"OctoFarm"}',
        credentials: 'omit',
        timeoutMs: 10_000,
      },
    ]);
  });

  test('Chrome: once the page reached a server, its next requests go straight there (a flow polls every second)', async () => {
    const worker = failingWorker();
    const ok = { ok: true as const, status: 202, headers: {}, body: '{"message":"Awaiting decision"}' };
    const { pageFetch, seen } = page(ok, ok, ok);
    const fetch = createCertificateAwareFetch({ fetch: worker, pageFetch, ...browserSays(undefined) });
    for (let i = 0; i < 3; i++) expect((await fetch('https://octopi.local:8443/plugin/appkeys/request/T')).status).toBe(202);
    expect(worker).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(3);
  });

  test('a redirect answered to the page stays an unfollowed redirect (status 0), a 204 has no body', async () => {
    const { pageFetch } = page({ ok: true, status: 0, headers: {}, body: '' }, { ok: true, status: 204, headers: {}, body: '' });
    const http = createHttp(createCertificateAwareFetch({ fetch: failingWorker(), pageFetch, ...browserSays(undefined) }));
    expect((await http(URL_)).status).toBe(0);
    expect(await http(URL_)).toMatchObject({ status: 204, text: '' });
  });

  test('the page failing too, and the browser naming the certificate: the certificate message, kind "certificate"', async () => {
    const { pageFetch } = page();
    const http = createHttp(createCertificateAwareFetch({ fetch: failingWorker(), pageFetch, ...browserSays('net::ERR_CERT_AUTHORITY_INVALID') }));
    const error = await http(URL_).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ kind: 'certificate' });
    expect((error as Error).message).toMatch(/^octopi\.local:8443’s HTTPS certificate is not trusted by this browser \(net::ERR_CERT_AUTHORITY_INVALID\)\./);
  });

  test('Firefox (no page to retry from): the browser’s sentence is what the user reads', async () => {
    const http = createHttp(createCertificateAwareFetch({ fetch: failingWorker(), ...browserSays('The certificate is not trusted because it is self-signed.') }));
    await expect(http(URL_)).rejects.toMatchObject({
      kind: 'certificate',
      message: expect.stringContaining('(The certificate is not trusted because it is self-signed.)'),
    });
  });

  test('a refused connection is not called a certificate problem', async () => {
    const { pageFetch } = page();
    const http = createHttp(createCertificateAwareFetch({ fetch: failingWorker(), pageFetch, ...browserSays('net::ERR_CONNECTION_REFUSED') }));
    await expect(http(URL_)).rejects.toMatchObject({ kind: 'unreachable', message: 'Could not reach octopi.local:8443.' });
  });

  test('the browser saying nothing within the wait: unreachable, with the self-signed hint', async () => {
    const http = createHttp(createCertificateAwareFetch({ fetch: failingWorker(), diagnosisWaitMs: 20, ...browserSays(undefined) }));
    await expect(http(URL_)).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringContaining('If it uses a self-signed certificate') });
  });

  test('plain http is never retried elsewhere nor waited on: the worker’s failure as before', async () => {
    const { pageFetch, seen } = page();
    const said = vi.fn();
    const http = createHttp(createCertificateAwareFetch({ fetch: failingWorker(), pageFetch, errors: { said } }));
    await expect(http('http://octopi.local/api/version')).rejects.toMatchObject({ kind: 'unreachable', message: 'Could not reach octopi.local.' });
    expect(seen).toEqual([]);
    expect(said).not.toHaveBeenCalled();
  });

  test('a request that timed out is not retried: it is a timeout', async () => {
    const { pageFetch, seen } = page();
    const worker = vi.fn(async () => {
      throw new DOMException('timed out', 'TimeoutError');
    });
    const http = createHttp(createCertificateAwareFetch({ fetch: worker, pageFetch, ...browserSays(undefined) }));
    await expect(http(URL_, { timeoutMs: 1_000 })).rejects.toMatchObject({ kind: 'timeout' });
    expect(seen).toEqual([]);
  });

  test('the caller’s time limit holds while the page works', async () => {
    const pageFetch: PageFetch = () => new Promise(() => undefined); // never answers
    const http = createHttp(createCertificateAwareFetch({ fetch: failingWorker(), pageFetch, ...browserSays(undefined) }));
    await expect(http(URL_, { timeoutMs: 50 })).rejects.toMatchObject({ kind: 'timeout' });
  });
});

describe('what the browser said, kept for the request that failed', () => {
  test('a report that arrives after the failure is given; one from before the request is not', async () => {
    let now = 1_000;
    const errors = createRequestErrors(() => now);
    errors.record({ url: URL_, error: 'net::ERR_CONNECTION_REFUSED' }); // an earlier request's
    now = 2_000;
    const waiting = errors.said(URL_, 2_000, 1_000);
    errors.record({ url: 'https://other.local/', error: 'net::ERR_CERT_DATE_INVALID' });
    errors.record({ url: URL_, error: 'net::ERR_CERT_AUTHORITY_INVALID' });
    await expect(waiting).resolves.toBe('net::ERR_CERT_AUTHORITY_INVALID');
    await expect(errors.said(URL_, 1_500, 10)).resolves.toBe('net::ERR_CERT_AUTHORITY_INVALID'); // already there
    await expect(errors.said('https://quiet.local/', 2_000, 10)).resolves.toBeUndefined();
  });
});
