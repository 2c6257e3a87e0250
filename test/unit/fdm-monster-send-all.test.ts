// Several OctoPrint keys sent to FDM Monster in one go (sendAllToFdmMonster): FDM Monster's printer list
// is asked for once, and what each send saved counts for the next one. FDM Monster here is a small
// in-memory stand-in for its /api/v2/printer routes (the real one is in test/integration/fdm-monster*).
import { describe, expect, it } from 'vitest';
import type { Http, HttpRequest } from '../../src/providers/http';
import { sendAllToFdmMonster } from '../../src/providers/fdm-monster/send';
import type { Credential } from '../../src/shared/credential';

const FDM = 'http://127.0.0.1:4000';
const key = (n: number) => `${String(n).padStart(2, '0')}${'k'.repeat(41)}`;
const held = (n: number, serviceUrl: string, fields: Partial<Credential> = {}): Credential => ({
  id: `c${n}`, provider: 'octoprint', serviceUrl, app: 'FDM Monster', secrets: { apiKey: key(n) }, source: 'workflow', createdAt: 1, user: 'admin',
  verification: { at: 1, ok: true, summary: 'Works.', warnings: [] }, ...fields,
});

interface Printer { id: number; name: string; printerURL: string; apiKey: string; printerType: number }

function fakeFdmMonster(printers: Printer[] = []) {
  const requests: string[] = [];
  const http: Http = async (url, { method = 'GET', json }: HttpRequest = {}) => {
    const path = url.slice(FDM.length);
    requests.push(`${method} ${path}`);
    const reply = (status: number, body?: unknown) => ({ status, headers: new Headers(), text: JSON.stringify(body ?? ''), json: body });
    if (method === 'GET' && path === '/api/v2/printer') return reply(200, printers.map((p) => ({ ...p })));
    const body = json as Printer;
    if (method === 'POST' && path.startsWith('/api/v2/printer')) {
      const made = { ...body, id: printers.length + 1 };
      printers.push(made);
      return reply(200, made);
    }
    const id = Number(/^\/api\/v2\/printer\/(\d+)/.exec(path)?.[1]);
    const found = printers.find((p) => p.id === id);
    if (method === 'PATCH' && found) return reply(200, Object.assign(found, body));
    return reply(404, { error: 'not found' });
  };
  return { http, requests, printers };
}

const target = { serverUrl: FDM, token: `fdmm_api_${'t'.repeat(43)}` };

describe('sending several keys to FDM Monster', () => {
  it('asks for the printer list once for the whole batch, then creates each printer', async () => {
    const fdm = fakeFdmMonster();
    const results = await sendAllToFdmMonster(fdm.http, target, [1, 2, 3].map((n) => ({ credential: held(n, `http://10.0.0.${n}`) })));
    expect(results.map((r) => r.status)).toEqual(['created', 'created', 'created']);
    expect(fdm.requests).toEqual(['GET /api/v2/printer', 'POST /api/v2/printer', 'POST /api/v2/printer', 'POST /api/v2/printer']);
  });

  it('two keys for one printer in one batch: the second updates the printer the first created, no duplicate', async () => {
    const fdm = fakeFdmMonster();
    const results = await sendAllToFdmMonster(fdm.http, target, [{ credential: held(1, 'http://10.0.0.1') }, { credential: held(2, 'http://10.0.0.1/') }]);
    expect(results.map((r) => r.status)).toEqual(['created', 'updated']);
    expect(fdm.printers).toEqual([expect.objectContaining({ id: 1, printerURL: 'http://10.0.0.1', apiKey: key(2) })]);
  });

  it('refused keys cost no request; a batch of only refused keys asks FDM Monster nothing', async () => {
    const fdm = fakeFdmMonster();
    const results = await sendAllToFdmMonster(fdm.http, target, [{ credential: held(1, 'http://10.0.0.1', { user: '_api' }) }]);
    expect(results.map((r) => r.status)).toEqual(['refused']);
    expect(fdm.requests).toEqual([]);
  });
});
