import { describe, expect, test } from 'vitest';
import { MAX_FARM_SERVERS, parseFarmInput } from '../../src/shared/farm-input';

const urls = (text: string) => parseFarmInput(text).servers.map((s) => s.url);

describe('one URL per line', () => {
  test('URLs are normalised (trailing slash dropped), blank lines and # comments skipped, a bare host means http://', () => {
    const parsed = parseFarmInput('http://octopi.local/\n\n# the shelf\n  https://10.0.0.5:8443/octoprint/  \n10.0.0.7:5000\r\nprinter-3\n');
    expect(parsed.format).toBe('lines');
    expect(parsed.servers.map((s) => s.url)).toEqual([
      'http://octopi.local',
      'https://10.0.0.5:8443/octoprint',
      'http://10.0.0.7:5000',
      'http://printer-3',
    ]);
    expect(parsed.problems).toEqual([]);
  });

  test('duplicates (by normalised URL) are dropped and counted; the first keeps its place', () => {
    const parsed = parseFarmInput('http://a.local\nhttp://b.local\nhttp://a.local/\na.local\n');
    expect(parsed.servers.map((s) => s.url)).toEqual(['http://a.local', 'http://b.local']);
    expect(parsed.duplicates).toBe(2);
  });

  test('each bad line is named with its line number and the reason; good lines around it are kept', () => {
    const parsed = parseFarmInput('http://ok.local\nftp://files.local\nhttp://user:pw@x.local\nhttp://x.local/?a=1\nhttp://has space.local\n');
    expect(urls('http://ok.local')).toEqual(['http://ok.local']);
    expect(parsed.servers.map((s) => s.url)).toEqual(['http://ok.local']);
    expect(parsed.problems).toEqual([
      { where: 'line 2', message: '“ftp://files.local”: The server address must start with http:// or https://.' },
      { where: 'line 3', message: '“http://user:pw@x.local”: Leave user name and password out of the server address.' },
      { where: 'line 4', message: '“http://x.local/?a=1”: Leave ?query and #fragment out of the server address.' },
      { where: 'line 5', message: expect.stringContaining('“http://has space.local”') },
    ]);
  });
});

describe('ranges of the last octet', () => {
  test('http://10.0.0.21-40:80 is the 20 addresses, in order, with the port and path kept', () => {
    const parsed = parseFarmInput('http://10.0.0.21-40:80\nhttps://192.168.1.8-9:8443/octoprint');
    expect(parsed.servers.map((s) => s.url)).toEqual([
      // Port 80 on http is the default: the URL says nothing of it, as the browser's own does.
      ...Array.from({ length: 20 }, (_, i) => `http://10.0.0.${21 + i}`),
      'https://192.168.1.8:8443/octoprint',
      'https://192.168.1.9:8443/octoprint',
    ]);
    expect(parsed.problems).toEqual([]);
  });

  test('a range without a scheme is http; 0-255 is the most (256 addresses)', () => {
    expect(urls('10.1.2.3-4:5000')).toEqual(['http://10.1.2.3:5000', 'http://10.1.2.4:5000']);
    expect(urls('127.0.1.0-255')).toHaveLength(256);
  });

  test('backwards ranges and octets over 255 are refused with a message', () => {
    const parsed = parseFarmInput('http://10.0.0.40-21\nhttp://10.0.0.250-300\n');
    expect(parsed.servers).toEqual([]);
    expect(parsed.problems).toEqual([
      { where: 'line 1', message: '“10.0.0.40-21”: the range must go up (21-40?).' },
      { where: 'line 2', message: '“10.0.0.250-300”: an address part goes up to 255.' },
    ]);
  });

  test('a range overlapping a URL given on its own counts it once', () => {
    const parsed = parseFarmInput('http://10.0.0.2\nhttp://10.0.0.1-3');
    expect(parsed.servers.map((s) => s.url)).toEqual(['http://10.0.0.2', 'http://10.0.0.1', 'http://10.0.0.3']);
    expect(parsed.duplicates).toBe(1);
  });
});

describe('an OctoFarm printers.json', () => {
  test('printerURL, name and group are read; the file’s API keys are not kept', () => {
    const file = JSON.stringify([
      { printerURL: 'http://10.0.0.21/', name: 'Prusa 1', group: 'Shelf A', apikey: 'A'.repeat(32), camURL: '' },
      { printerURL: 'http://10.0.0.22', settingsAppearance: { name: 'Ender 2' }, apikey: 'B'.repeat(32) },
      { printerURL: 'http://10.0.0.23', printerName: 'Voron' },
    ]);
    const parsed = parseFarmInput(file);
    expect(parsed.format).toBe('octofarm');
    expect(parsed.servers).toEqual([
      { url: 'http://10.0.0.21', name: 'Prusa 1', group: 'Shelf A' },
      { url: 'http://10.0.0.22', name: 'Ender 2' },
      { url: 'http://10.0.0.23', name: 'Voron' },
    ]);
    expect(JSON.stringify(parsed)).not.toContain('AAAA');
  });

  test('entries without a usable printerURL are named by position and name', () => {
    const parsed = parseFarmInput(JSON.stringify([{ name: 'No URL' }, { printerURL: 'octopi.local' }, { printerURL: 'javascript:alert(1)', name: 'Bad' }, null]));
    expect(parsed.servers).toEqual([{ url: 'http://octopi.local' }]);
    expect(parsed.problems).toEqual([
      { where: 'printer 1 (No URL)', message: 'has no printerURL.' },
      { where: 'printer 3 (Bad)', message: '“javascript:alert(1)”: The server address must start with http:// or https://.' },
      { where: 'printer 4', message: 'has no printerURL.' },
    ]);
  });

  test('broken JSON and JSON that is not a list say so', () => {
    expect(parseFarmInput('[{"printerURL": ').problems[0]!.message).toMatch(/cannot be read as JSON/);
    expect(parseFarmInput('{"a": 1}').problems[0]!.message).toMatch(/list of printers/);
  });
});

describe('an FDM Monster YAML export', () => {
  const EXPORT = `version: 2.1.1
exportedAt: 2026-11-27T12:50:50.044Z
databaseType: sqlite
config:
  exportPrinters: true
  printerComparisonStrategiesByPriority: [name, url]
printers:
  - id: 1
    disabledReason: null
    enabled: true
    printerType: 0
    dateAdded: 1795783763507
    name: op-local
    printerURL: http://127.0.0.1:5000
    apiKey: ${'k'.repeat(43)}
    username: ''
    password: ''
  - id: 2
    name: 'Shelf B: #2'
    printerURL: "http://10.0.0.9/octoprint/"
    printerType: 0
  - id: 3
    name: klipper
    printerURL: http://10.0.0.10
    printerType: 1
floors: []
tags: []
`;

  test('each OctoPrint printer’s URL and name; other printer types are skipped with a note; keys are not kept', () => {
    const parsed = parseFarmInput(EXPORT);
    expect(parsed.format).toBe('fdm-monster-yaml');
    expect(parsed.servers).toEqual([
      { url: 'http://127.0.0.1:5000', name: 'op-local' },
      { url: 'http://10.0.0.9/octoprint', name: 'Shelf B: #2' },
    ]);
    expect(parsed.problems).toEqual([{ where: 'printer 3 (klipper)', message: 'not an OctoPrint printer (printerType is not 0): skipped.' }]);
    expect(JSON.stringify(parsed)).not.toContain('kkkk');
  });

  test('a list at column 0 (no sequence indent) reads the same; an empty list reads as none', () => {
    const flat = 'printers:\n- id: 1\n  printerURL: http://a.local\n  name: A\n- id: 2\n  printerURL: http://b.local\nfloors: []\n';
    expect(parseFarmInput(flat).servers).toEqual([{ url: 'http://a.local', name: 'A' }, { url: 'http://b.local' }]);
    expect(parseFarmInput('printers: []\nfloors: []\n')).toMatchObject({ servers: [], problems: [] });
  });

  test('a printer without printerURL is named', () => {
    expect(parseFarmInput('printers:\n  - id: 7\n    name: lost\n').problems).toEqual([{ where: 'printer 1 (lost)', message: 'has no printerURL.' }]);
  });
});

test(`a list longer than ${MAX_FARM_SERVERS} servers keeps the first ${MAX_FARM_SERVERS} and says so`, () => {
  const text = Array.from({ length: 5 }, (_, a) => `http://10.0.${a}.0-255`).join('\n');
  const parsed = parseFarmInput(text);
  expect(parsed.servers).toHaveLength(MAX_FARM_SERVERS);
  expect(parsed.problems).toEqual([{ where: 'list', message: `A farm holds at most ${MAX_FARM_SERVERS} servers; only the first ${MAX_FARM_SERVERS} are used.` }]);
});
