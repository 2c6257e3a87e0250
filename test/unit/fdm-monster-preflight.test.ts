// What KeyDeck refuses to send to FDM Monster, before sending anything: FDM Monster 2.1.1's own key
// rule for OctoPrint printers (32–43 of [A-Za-z0-9_-]), the global key, and a user outside Admins or
// Operator as KeyDeck's verification recorded it. And which printer counts as "the same printer".
import { describe, expect, it } from 'vitest';
import { fdmMonster } from '../../src/providers/fdm-monster';
import { printerKeyProblem, refusalBeforeSending } from '../../src/providers/fdm-monster/preflight';
import { samePrinterUrl } from '../../src/providers/fdm-monster/send';
import type { Credential, Verification } from '../../src/shared/credential';

const KEY43 = 'teJeM67c5IO-0by5U711s_LesFcH7Sf7SA57o1WdP7Y';
const works = (warnings: string[] = []): Verification => ({ at: 1, ok: true, summary: 'Works as admin on OctoPrint 1.11.8.', warnings });
const held = (fields: Partial<Credential> = {}): Credential => ({
  id: 'c1', provider: 'octoprint', serviceUrl: 'http://127.0.0.2:5000', app: 'FDM Monster', secrets: { apiKey: KEY43 },
  source: 'workflow', createdAt: 1, user: 'admin', verification: works(), ...fields,
});

describe('FDM Monster’s rule for OctoPrint keys', () => {
  it('takes 32 hex and 43 url-safe characters; refuses 31 and 44 characters and padding or + /', () => {
    expect(printerKeyProblem('0123456789ABCDEF0123456789ABCDEF')).toBeNull();
    expect(printerKeyProblem(KEY43)).toBeNull();
    expect(printerKeyProblem('A'.repeat(31))).toBe('FDM Monster takes OctoPrint keys of 32 to 43 characters; this one has 31.');
    expect(printerKeyProblem('A'.repeat(44))).toBe('FDM Monster takes OctoPrint keys of 32 to 43 characters; this one has 44.');
    expect(printerKeyProblem(`${'A'.repeat(40)}+/=`)).toBe('FDM Monster takes OctoPrint keys made of letters, digits, - and _ only (no =, + or /).');
  });
});

describe('refused before sending', () => {
  it('a verified key of a user in Admins and Operator goes', () => {
    expect(refusalBeforeSending(held())).toBeNull();
  });

  it('the global key (user _api), by its owner or by the warning verification recorded', () => {
    const global = /^This is OctoPrint’s global API key: FDM Monster refuses it\. Not sent/;
    expect(refusalBeforeSending(held({ user: '_api' }))).toMatch(global);
    expect(refusalBeforeSending(held({ user: undefined, verification: works(['This is OctoPrint’s global API key: deprecated, full admin rights…']) }))).toMatch(global);
  });

  it('a user outside Admins or Operator, with the words verification used', () => {
    const warning = 'User bob is not in Admins: farm managers such as OctoFarm and FDM Monster need both Admins and Operator.';
    expect(refusalBeforeSending(held({ user: 'bob', verification: works([warning]) }))).toBe(`${warning} Not sent to FDM Monster.`);
  });

  it('a key never verified, one OctoPrint rejected when verified, a wrong shape, no key at all', () => {
    expect(refusalBeforeSending(held({ verification: undefined }))).toMatch(/^KeyDeck has not verified this key yet/);
    expect(refusalBeforeSending(held({ verification: { ...works(), ok: false, summary: 'OctoPrint rejects this key (403).' } }))).toBe(
      'OctoPrint rejected this key when KeyDeck last verified it: OctoPrint rejects this key (403). Not sent.',
    );
    expect(refusalBeforeSending(held({ secrets: { apiKey: 'short' } }))).toBe('FDM Monster takes OctoPrint keys of 32 to 43 characters; this one has 5. Not sent.');
    expect(refusalBeforeSending(held({ secrets: {} }))).toBe('This entry holds no OctoPrint key.');
  });
});

describe('the same printer, and FDM Monster’s own key shape', () => {
  it('printer URLs match on scheme, host, port and path, a trailing slash aside', () => {
    expect(samePrinterUrl('http://10.0.0.21:80/', 'http://10.0.0.21')).toBe(true);
    expect(samePrinterUrl('http://OctoPi.local/octoprint/', 'http://octopi.local/octoprint')).toBe(true);
    expect(samePrinterUrl('http://10.0.0.21:5000', 'http://10.0.0.21:5001')).toBe(false);
    expect(samePrinterUrl('https://10.0.0.21', 'http://10.0.0.21')).toBe(false);
    expect(samePrinterUrl('http://h/octoprint', 'http://h/')).toBe(false);
  });

  it('an fdmm_api_ key is fdmm_api_ and 43 url-safe characters', () => {
    expect(fdmMonster.checkKey(`fdmm_api_${KEY43}`)).toBeNull();
    expect(fdmMonster.checkKey(KEY43)).toMatch(/^An FDM Monster API key is fdmm_api_/);
    expect(fdmMonster.checkKey(`fdmm_api_${KEY43}x`)).toMatch(/^An FDM Monster API key is fdmm_api_/);
  });
});
