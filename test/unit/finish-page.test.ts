import { describe, expect, test } from 'vitest';
import { portalStartUrl } from '../../src/shared/capture';
import { isCocalcHandOver, parseCocalcLegacy, parsePortalFinish } from '../../src/background/finish-page';

const KEY43 = 'q2BzBKPp2558GoaDHnUnm21ee0unxMsBoYF2U4jH73g';
const finish = (params: Record<string, string>) =>
  `https://octoeverywhere.com/appportal/v1/complete?${new URLSearchParams(params)}`;
const FULL = {
  success: 'true',
  id: 'printer-1',
  url: 'https://abc.octoeverywhere.com',
  appApiToken: 'app-token',
  printername: 'Prusa MK4',
  userPrinterAccessUrl: 'https://octoeverywhere.com/p/1',
  printerLastKnownLocalIp: '192.168.1.20',
  authBasicHttpUser: 'oe-user',
  authBasicHttpPassword: 'p@ss word&=',
  authBearerToken: 'bearer',
  octoPrintApiKey: KEY43,
};

describe('parsePortalFinish', () => {
  test('reads every field, url-decoded', () => {
    expect(parsePortalFinish(finish(FULL))).toEqual({
      ok: true,
      value: {
        connectionUrl: 'https://abc.octoeverywhere.com',
        connectionId: 'printer-1',
        printerName: 'Prusa MK4',
        accessUrl: 'https://octoeverywhere.com/p/1',
        localIp: '192.168.1.20',
        basicUser: 'oe-user',
        basicPassword: 'p@ss word&=',
        bearerToken: 'bearer',
        appToken: 'app-token',
        apiKey: KEY43,
      },
    });
  });

  test.each([
    ['lower', (n: string) => n.toLowerCase()],
    ['upper', (n: string) => n.toUpperCase()],
    ['Pascal', (n: string) => n[0]!.toUpperCase() + n.slice(1)],
  ])('matches parameter names case-insensitively (%s)', (_, recase) => {
    const parsed = parsePortalFinish(finish(Object.fromEntries(Object.entries(FULL).map(([n, v]) => [recase(n), v]))));
    expect(parsed.ok && parsed.value.apiKey).toBe(KEY43);
  });

  test('no key: the connection is still read', () => {
    const { octoPrintApiKey: _, ...rest } = FULL;
    const parsed = parsePortalFinish(finish(rest));
    expect(parsed.ok && parsed.value).toMatchObject({ connectionUrl: FULL.url });
    expect(parsed.ok && parsed.value.apiKey).toBeUndefined();
  });

  test.each([
    ['success=false', { success: 'false' }, 'success=false'],
    ['no success at all', { success: '' }, 'success=false'],
    ['a key of the wrong shape', { octoPrintApiKey: 'not-a-key' }, 'wrong shape'],
    ['a javascript: connection URL', { url: 'javascript:alert(1)' }, 'no usable connection URL'],
    ['a non-http connection URL', { url: 'file:///etc/passwd' }, 'no usable connection URL'],
    ['no connection URL', { url: '' }, 'no usable connection URL'],
    ['a javascript: access URL', { userPrinterAccessUrl: 'javascript:alert(1)' }, 'access URL'],
    ['an over-long value', { printername: 'x'.repeat(5000) }, 'malformed'],
    ['control characters', { authBasicHttpUser: 'bob\r\nSet-Cookie: x' }, 'malformed'],
  ])('refuses %s, saying why', (_, change, message) => {
    const parsed = parsePortalFinish(finish({ ...FULL, ...change }));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(message);
  });

  test('a repeated parameter cannot override the first', () => {
    const url = `${finish(FULL)}&OCTOPRINTAPIKEY=${'A'.repeat(32)}`;
    const parsed = parsePortalFinish(url);
    expect(parsed.ok && parsed.value.apiKey).toBe(KEY43);
  });

  test('garbage is an error, not a crash', () => {
    expect(parsePortalFinish('not a url').ok).toBe(false);
  });
});

describe('CoCalc legacy hand-over', () => {
  test('reads the key from https://authenticated?api_key=…', () => {
    expect(parseCocalcLegacy('https://authenticated/?api_key=sk_abcdefghijklmnopqrstuv')).toEqual({ ok: true, value: { apiKey: 'sk_abcdefghijklmnopqrstuv' } });
    expect(isCocalcHandOver('https://authenticated?api_key=x')).toBe(true);
    expect(isCocalcHandOver('https://authenticated.evil.example/?api_key=x')).toBe(false);
  });

  test.each([
    ['http://authenticated/?api_key=sk_abcdefghijklmnopqrstuv', 'Not CoCalc'],
    ['https://evil.example/?api_key=sk_abcdefghijklmnopqrstuv', 'Not CoCalc'],
    ['https://authenticated/?api_key=%3Cscript%3E', 'wrong shape'],
    ['https://authenticated/', 'wrong shape'],
  ])('refuses %s', (url, message) => {
    const parsed = parseCocalcLegacy(url);
    expect(!parsed.ok && parsed.error).toContain(message);
  });
});

describe('portalStartUrl', () => {
  test('names the app (url-encoded), the app id and a return URL on the portal itself', () => {
    const { startUrl, returnUrl } = portalStartUrl('https://octoeverywhere.com/', 'devtest', 'Cura & friends', 'p1');
    expect(returnUrl).toBe('https://octoeverywhere.com/appportal/v1/complete');
    const url = new URL(startUrl);
    expect(url.pathname).toBe('/appportal/v1');
    expect(Object.fromEntries(url.searchParams)).toEqual({ appId: 'devtest', returnUrl, octoPrintApiKeyAppName: 'Cura & friends', printerId: 'p1' });
  });
});
