// The files KeyDeck writes for OctoFarm and FDM Monster, read back the way each of them reads them:
// OctoFarm's printers.json as its import does (each field, or "Key not found"), FDM Monster's YAML with
// js-yaml 4.1.1 (the parser and version @fdm-monster/server 2.1.1 uses). The real FDM Monster imports the YAML in
// test/integration/farm-export.test.ts.
import { load } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { buildExport, fdmMonsterYaml, octoFarmPrinters } from '../../../src/background/farm/export-formats';
import type { Credential } from '../../../src/shared/credential';

const KEY43 = 'q2BzBKPp2558GoaDHnUnm21ee0unxMsBoYF2U4jH73g';
const KEY32 = '0123456789ABCDEF0123456789ABCDEF';
const AT = new Date('2026-11-27T21:30:00.000Z');

function key(id: string, serviceUrl: string, apiKey: string | undefined, extra: Partial<Credential> = {}): Credential {
  return { id, provider: 'octoprint', serviceUrl, app: 'OctoFarm', secrets: apiKey ? { apiKey } : {}, source: 'workflow', createdAt: 0, ...extra };
}

/** OctoFarm's importPrinters: each known field, else the text "Key not found" it shows in the row. */
function readAsOctoFarm(text: string) {
  const rows = JSON.parse(text) as Record<string, unknown>[];
  return rows.map((row) => Object.fromEntries(['name', 'printerURL', 'cameraURL', 'group', 'apikey'].map((f) => [f, row[f] === undefined ? 'Key not found' : row[f]])));
}

describe('OctoFarm printers.json', () => {
  test('one row per OctoPrint key with every field OctoFarm reads filled; a 43-character key is written and said to be refused', () => {
    const file = octoFarmPrinters([
      key('a', 'http://10.0.0.21', KEY32, { details: { name: 'Prusa 1', group: 'Rack A' } }),
      key('b', 'http://10.0.0.22:8080/octoprint', KEY43),
    ]);
    expect(file.filename).toBe('printers.json');
    expect(file.secrets).toBe(2);
    expect(readAsOctoFarm(file.text)).toEqual([
      { name: 'Prusa 1', group: 'Rack A', printerURL: 'http://10.0.0.21', cameraURL: 'http://10.0.0.21/webcam/?action=stream', apikey: KEY32 },
      { name: '10.0.0.22:8080', group: '', printerURL: 'http://10.0.0.22:8080/octoprint', cameraURL: 'http://10.0.0.22:8080/webcam/?action=stream', apikey: KEY43 },
    ]);
    expect(file.notes).toEqual([
      { credentialId: 'b', message: expect.stringMatching(/^10\.0\.0\.22:8080: OctoFarm accepts only 32-character keys and this one has 43 /) },
    ]);
  });

  test('a name OctoFarm would refuse (over 50 characters) is cut; entries that are not OctoPrint keys are left out and said', () => {
    const file = octoFarmPrinters([
      key('long', 'http://10.0.0.23', KEY32, { details: { name: 'x'.repeat(70) } }),
      key('fdm', 'http://10.0.0.9:4000', 'fdmm_api_' + KEY43, { provider: 'fdm-monster' }),
      key('portal', 'http://10.0.0.24', undefined),
    ]);
    expect(JSON.parse(file.text)).toEqual([expect.objectContaining({ name: 'x'.repeat(50), apikey: KEY32 })]);
    expect(file.secrets).toBe(1);
    expect(file.notes.map((n) => n.credentialId)).toEqual(['fdm', 'portal']);
    expect(file.notes[0]!.message).toMatch(/not an OctoPrint key/);
  });
});

describe('FDM Monster YAML', () => {
  test('the import format: config matching printers by URL, each printer with id, type 0 and enabled, and floors present though empty', () => {
    const file = fdmMonsterYaml([key('a', 'http://10.0.0.21', KEY43, { details: { name: 'Prusa 1' } }), key('b', 'http://10.0.0.22', KEY32)], AT);
    expect(file.filename).toBe('keydeck-fdm-monster-2026-11-27.yaml');
    expect(file.secrets).toBe(2);
    expect(file.notes).toEqual([]);
    expect(load(file.text)).toEqual({
      exportedAt: '2026-11-27T21:30:00.000Z',
      config: {
        exportPrinters: true,
        exportFloorGrid: false,
        exportFloors: false,
        exportTags: false,
        printerComparisonStrategiesByPriority: ['url'],
        floorComparisonStrategiesByPriority: 'name',
      },
      printers: [
        { id: 1, name: 'Prusa 1', printerURL: 'http://10.0.0.21', printerType: 0, apiKey: KEY43, enabled: true },
        { id: 2, name: '10.0.0.22', printerURL: 'http://10.0.0.22', printerType: 0, apiKey: KEY32, enabled: true },
      ],
      floors: [],
    });
  });

  test('a name with YAML syntax in it stays one plain string', () => {
    const name = 'Rack: "A" # 1\n- printers: []';
    const file = fdmMonsterYaml([key('a', 'http://10.0.0.21', KEY43, { details: { name } })], AT);
    expect((load(file.text) as { printers: { name: string }[] }).printers).toEqual([expect.objectContaining({ name, apiKey: KEY43 })]);
  });

  test('keys FDM Monster would drop without a word are left out and said: wrong shape, the global API key; nothing usable gives an empty list', () => {
    const file = fdmMonsterYaml(
      [key('pad', 'http://10.0.0.21', `${KEY43.slice(0, 42)}=`), key('global', 'http://10.0.0.22', KEY32, { user: '_api' })],
      AT,
    );
    expect(file.secrets).toBe(0);
    expect(load(file.text)).toMatchObject({ printers: [], floors: [] });
    expect(file.notes).toEqual([
      { credentialId: 'pad', message: 'Left out: 10.0.0.21: FDM Monster takes OctoPrint keys made of letters, digits, - and _ only (no =, + or /).' },
      { credentialId: 'global', message: 'Left out: 10.0.0.22: this is OctoPrint’s global API key, which FDM Monster refuses.' },
    ]);
  });

  test('buildExport picks the format', () => {
    const keys = [key('a', 'http://10.0.0.21', KEY32)];
    expect(buildExport('octofarm', keys, AT).filename).toBe('printers.json');
    expect(buildExport('fdm-monster-yaml', keys, AT).filename).toMatch(/\.yaml$/);
  });
});
