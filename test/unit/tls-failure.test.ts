import { describe, expect, test } from 'vitest';
import { classifyBrowserError, unreachableMessage } from '../../src/providers/tls-failure';

// The strings are what the browsers really said (webRequest.onErrorOccurred's `error`), seen in
// Chromium 156 and Firefox ESR 153 against a self-signed loopback server, a closed port and plain http.
describe('what the browser said, sorted', () => {
  test.each([
    ['net::ERR_CERT_AUTHORITY_INVALID', 'certificate'],
    ['net::ERR_CERT_COMMON_NAME_INVALID', 'certificate'],
    ['net::ERR_CERT_DATE_INVALID', 'certificate'],
    ['net::ERR_SSL_PROTOCOL_ERROR', 'secure-connection'],
    ['net::ERR_BAD_SSL_CLIENT_AUTH_CERT', 'secure-connection'],
    ['net::ERR_CONNECTION_REFUSED', 'other'],
    ['net::ERR_EMPTY_RESPONSE', 'other'],
    ['net::ERR_UNSAFE_PORT', 'other'],
  ] as const)('Chromium %s: %s', (said, kind) => expect(classifyBrowserError(said)).toBe(kind));

  test.each([
    ['The certificate is not trusted because it is self-signed.', 'certificate'],
    ['The certificate is not trusted because the issuer certificate is unknown.', 'certificate'],
    ['Peer’s Certificate has expired.', 'certificate'],
    ['SSL received a record that exceeded the maximum permissible length.', 'secure-connection'],
    // Another language: the security layer failed, but KeyDeck cannot read whether the certificate did.
    ['Das Zertifikat ist nicht vertrauenswürdig, weil es vom Aussteller selbst signiert wurde.', 'secure-connection'],
    ['NS_ERROR_NET_RESET', 'other'],
    ['NS_ERROR_CONNECTION_REFUSED', 'other'],
    ['NS_BINDING_ABORTED', 'other'],
    ['0x804b0014', 'other'],
  ] as const)('Firefox “%s”: %s', (said, kind) => expect(classifyBrowserError(said)).toBe(kind));
});

describe('the message', () => {
  test('a certificate the browser refused: named, with the browser’s words and how to accept it, never "check the address"', () => {
    const message = unreachableMessage('https://octopi.local:8443/plugin/appkeys/probe', { kind: 'certificate', said: 'net::ERR_CERT_AUTHORITY_INVALID' });
    expect(message).toBe(
      'octopi.local:8443’s HTTPS certificate is not trusted by this browser (net::ERR_CERT_AUTHORITY_INVALID). If it is your server’s own (self-signed) certificate, open https://octopi.local:8443 in a tab, accept the certificate there, then try again.',
    );
  });

  test('another TLS failure quotes the browser and only suggests a certificate', () => {
    const message = unreachableMessage('https://octopi.local/api/version', { kind: 'secure-connection', said: 'Das Zertifikat ist\nnicht vertrauenswürdig.' });
    expect(message).toBe(
      'KeyDeck could not make a secure connection to octopi.local (the browser says: Das Zertifikat ist nicht vertrauenswürdig.). If it uses a self-signed certificate, open https://octopi.local in a tab, accept it there, then try again.',
    );
    expect(message).not.toContain('not trusted by this browser');
  });

  test('an https server the browser said nothing about: unreachable, with the hint', () => {
    expect(unreachableMessage('https://octopi.local/api/version')).toBe(
      'Could not reach octopi.local. (If it uses a self-signed certificate, open https://octopi.local in a tab and accept it there.)',
    );
  });

  test('an ordinary network failure, or a plain-http server: no word of certificates', () => {
    expect(unreachableMessage('https://octopi.local/x', { kind: 'other', said: 'net::ERR_CONNECTION_REFUSED' })).toBe('Could not reach octopi.local.');
    expect(unreachableMessage('http://octopi.local/x')).toBe('Could not reach octopi.local.');
  });

  test('the browser’s words are quoted on one line, without bidi or control characters, capped', () => {
    const message = unreachableMessage('https://h/x', { kind: 'certificate', said: `certificate \u202eevil\u0007 ${'x'.repeat(500)}` });
    expect(message).not.toMatch(/[\u202e\u0007]/);
    expect(message.length).toBeLessThan(400);
  });
});
