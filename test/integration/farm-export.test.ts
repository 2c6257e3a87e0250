// The FDM Monster YAML KeyDeck writes, imported into the REAL FDM Monster 2.1.1 (test/fdm-monster/server.ts)
// through its own import route (POST /api/v2/server/yaml-import, ADMIN, multipart): the printers it
// then lists are the ones the file holds, with their keys; a newer file updates them in place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fdmMonsterYaml } from '../../src/background/farm/export-formats';
import type { Credential } from '../../src/shared/credential';
import { startFdmMonster, type FdmMonster } from '../fdm-monster/server';

let fdm: FdmMonster;
beforeAll(async () => {
  fdm = await startFdmMonster();
}, 120_000);
afterAll(async () => fdm?.close());

const KEY_A = 'q2BzBKPp2558GoaDHnUnm21ee0unxMsBoYF2U4jH73g';
const KEY_B = '0123456789abcdef0123456789abcdef';
const KEY_A2 = 'Z9yXwVuTsRqPoNmLkJiHgFeDcBa_-0123456789abcd';

const key = (id: string, serviceUrl: string, apiKey: string, name?: string): Credential => ({
  id, provider: 'octoprint', serviceUrl, app: 'FDM Monster', secrets: { apiKey }, source: 'workflow', createdAt: 0, ...(name ? { details: { name } } : {}),
});

async function importYaml(text: string, name: string): Promise<{ status: number; body: string }> {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'application/x-yaml' }), name);
  const response = await fetch(`${fdm.url}/api/v2/server/yaml-import`, { method: 'POST', headers: { Authorization: `Bearer ${fdm.adminToken}` }, body: form });
  return { status: response.status, body: await response.text() };
}

async function printers() {
  const { status, json } = await fdm.api('GET', '/api/v2/printer');
  expect(status).toBe(200);
  return (json as { name: string; printerURL: string; apiKey: string; printerType: number; enabled: boolean }[]).map(({ name, printerURL, apiKey, printerType, enabled }) => ({ name, printerURL, apiKey, printerType, enabled }));
}

describe('the FDM Monster YAML export, imported by the real FDM Monster', () => {
  it('adds each printer with its key; importing a newer file changes the key of the printer at the same URL instead of adding it again', async () => {
    const first = fdmMonsterYaml([key('a', 'http://127.0.0.21:5000', KEY_A, 'Prusa: "1"'), key('b', 'http://127.0.0.22:5000', KEY_B)], new Date());
    const imported = await importYaml(first.text, first.filename);
    expect(imported.status, imported.body).toBe(200);
    expect(JSON.parse(imported.body)).toMatchObject({ success: true });
    expect(await printers()).toEqual([
      { name: 'Prusa: "1"', printerURL: 'http://127.0.0.21:5000', apiKey: KEY_A, printerType: 0, enabled: true },
      { name: '127.0.0.22:5000', printerURL: 'http://127.0.0.22:5000', apiKey: KEY_B, printerType: 0, enabled: true },
    ]);

    const rotated = fdmMonsterYaml([key('a2', 'http://127.0.0.21:5000', KEY_A2, 'Prusa: "1"')], new Date());
    expect((await importYaml(rotated.text, rotated.filename)).status).toBe(200);
    expect(await printers()).toEqual([
      { name: 'Prusa: "1"', printerURL: 'http://127.0.0.21:5000', apiKey: KEY_A2, printerType: 0, enabled: true },
      { name: '127.0.0.22:5000', printerURL: 'http://127.0.0.22:5000', apiKey: KEY_B, printerType: 0, enabled: true },
    ]);
  });

  it('a key FDM Monster does not take would be dropped without a word (it answers success): KeyDeck leaves that one out and says so', async () => {
    const before = (await printers()).length;
    const bad = key('bad', 'http://127.0.0.23:5000', `${KEY_A.slice(0, 42)}=`);
    const file = fdmMonsterYaml([bad, key('c', 'http://127.0.0.24:5000', KEY_B)], new Date());
    expect(file.notes.map((n) => n.credentialId)).toEqual(['bad']);
    expect((await importYaml(file.text, file.filename)).status).toBe(200);
    const after = await printers();
    expect(after.length).toBe(before + 1);
    expect(after).toContainEqual(expect.objectContaining({ printerURL: 'http://127.0.0.24:5000', apiKey: KEY_B }));

    // The same key written in by hand: FDM Monster still answers 200, and the printer keeps its old key.
    const raw = file.text.replace(KEY_B, bad.secrets.apiKey!);
    const silent = await importYaml(raw, 'by-hand.yaml');
    expect(silent.status).toBe(200);
    expect(await printers()).toEqual(after);
  });
});
