import { describe, expect, test } from 'vitest';
import { isPrivateHost, needsPlainHttpConsent, plainHttpRefusal } from '../../src/shared/private-network';

// Which plain-http addresses may carry a key without the user's confirmation: the private network only.
describe('plain http: private network or not', () => {
  test.each([
    // loopback
    ['http://127.0.0.1:5000', false],
    ['http://127.8.9.10/', false],
    ['http://localhost/', false],
    ['http://printer.localhost/', false],
    ['http://0x7f.1/', false], // another spelling of 127.0.0.1
    // RFC 1918
    ['http://10.0.0.5/', false],
    ['http://10.255.255.255/', false],
    ['http://172.16.0.1/', false],
    ['http://172.31.255.254/', false],
    ['http://192.168.1.20/octoprint', false],
    // link-local
    ['http://169.254.10.10/', false],
    // IPv6 loopback, unique-local (fc00::/7), link-local (fe80::/10), IPv4-mapped private
    ['http://[::1]:5000/', false],
    ['http://[fd12:3456::1]/', false],
    ['http://[fc00::1]/', false],
    ['http://[fe80::1]/', false],
    ['http://[febf::1]/', false],
    ['http://[::ffff:192.168.1.2]/', false],
    // mDNS and single-label names
    ['http://octopi.local/', false],
    ['http://OctoPi.LOCAL./', false],
    ['http://octopi/', false],
    ['http://printer:8080/', false],
    // outside: public addresses and names, near misses of the private ranges
    ['http://8.8.8.8/', true],
    ['http://172.15.0.1/', true],
    ['http://172.32.0.1/', true],
    ['http://192.169.1.1/', true],
    ['http://169.255.0.1/', true],
    ['http://11.0.0.1/', true],
    ['http://[2001:db8::1]/', true],
    ['http://[fec0::1]/', true],
    ['http://[::ffff:8.8.8.8]/', true],
    ['http://[::]/', true],
    ['http://printer.example.com/', true],
    ['http://octopi.local.example.com/', true],
    ['http://localhost.example.com/', true],
    ['http://192.168.1.1.nip.io/', true],
    // https never asks, whatever the host; what is not an address is for the address checks
    ['https://printer.example.com/', false],
    ['https://8.8.8.8/', false],
    ['not a url', false],
  ])('%s needs confirmation: %s', (url, needed) => {
    expect(needsPlainHttpConsent(url)).toBe(needed);
  });

  test('host names are compared as URL gives them (lower case, brackets for IPv6)', () => {
    expect(isPrivateHost('[::1]')).toBe(true);
    expect(isPrivateHost('OCTOPI.LOCAL')).toBe(true);
    expect(isPrivateHost('')).toBe(false);
  });

  test('the refusal names the host and the way out', () => {
    expect(plainHttpRefusal('http://printer.example.com:8080/octoprint')).toMatch(/^printer\.example\.com:8080 is not on your local network.*Send over plain http anyway/);
  });
});
