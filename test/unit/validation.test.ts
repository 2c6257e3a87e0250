import { describe, expect, test } from 'vitest';
import { PROVIDERS } from '../../src/providers/registry';

const findProvider = PROVIDERS.find;
import { checkAppName, checkKeyBasics, normaliseServiceUrl, originPattern } from '../../src/shared/validation';

describe('input checks', () => {
  test.each([
    ['C', false],
    ['Cu', true],
    ['x'.repeat(60), true],
    ['x'.repeat(61), false],
    ['  Cura  ', true],
    ['Cu\u0000ra', false],
  ])('app name %j valid: %s', (name, ok) => {
    expect(checkAppName(name) === null).toBe(ok);
  });

  test.each([
    ['http://octopi.local/', { url: 'http://octopi.local' }],
    ['https://printer.example:8443/octoprint//', { url: 'https://printer.example:8443/octoprint' }],
    ['octopi.local', { error: expect.stringContaining('full URL') }],
    ['javascript:alert(1)', { error: expect.stringContaining('http://') }],
    ['ftp://octopi.local', { error: expect.stringContaining('http://') }],
    ['http://user:pw@octopi.local', { error: expect.stringContaining('user name') }],
    ['http://octopi.local/?apikey=abc', { error: expect.stringContaining('query') }],
  ])('server URL %j', (input, expected) => {
    expect(normaliseServiceUrl(input)).toEqual(expected);
  });

  test('key basics and per-provider shapes', () => {
    expect(checkKeyBasics('')).toMatch(/Paste/);
    expect(checkKeyBasics('abc def ghi')).toMatch(/spaces/);
    expect(checkKeyBasics('short')).toMatch(/8–512/);
    const octoprint = findProvider('octoprint')!;
    expect(octoprint.checkKey('0123456789abcdef0123456789ABCDEF')).toBeNull();
    expect(octoprint.checkKey('q2BzBKPp2558GoaDHnUnm21ee0unxMsBoYF2U4jH73g')).toBeNull(); // real 1.11.8 key
    expect(octoprint.checkKey('0123456789abcdef0123456789ABCDE')).toMatch(/32 hex/);
    expect(findProvider('cocalc')!.checkKey('sk-abcdefghijklmnopQRSTUV')).toBeNull();
    expect(findProvider('cocalc')!.checkKey('abcdefghijklmnop')).toMatch(/sk-/);
  });

  test('every provider has a unique id and a label', () => {
    expect(new Set(PROVIDERS.all.map((p) => p.id)).size).toBe(PROVIDERS.all.length);
    expect(PROVIDERS.all.every((p) => p.label.length > 0)).toBe(true);
  });

  test('origin patterns cover the host on any port', () => {
    expect(originPattern('http://octopi.local:5000/octoprint')).toBe('http://octopi.local/*');
  });
});
