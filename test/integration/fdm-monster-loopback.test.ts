// The preload that keeps the real FDM Monster on loopback (test/fdm-monster/loopback-only.cjs), run in
// the same Node 22 as FDM Monster: listen() lands on 127.0.0.1, loopback connections work, and every
// connection or DNS query beyond loopback is refused at once — so nothing leaves the machine, even
// where the network would let it. The targets are private, documentation (192.0.2.0/24) and .invalid
// names, so even a broken preload sends nothing anywhere that matters.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FDM_NODE, LOOPBACK_PRELOAD } from '../fdm-monster/server';

// Each attempt reports how it ended; a 3 s timer turns "not refused" into a result instead of a hang.
const PROBE = String.raw`
const net = require('node:net'), dns = require('node:dns'), https = require('node:https');
const attempt = (start) => new Promise((resolve) => {
  const timer = setTimeout(() => resolve('no answer within 3 s'), 3000);
  start((outcome) => { clearTimeout(timer); resolve(outcome); });
});
const describe = (e) => (e ? e.code + ' ' + e.message : 'ok');
(async () => {
  const server = net.createServer((s) => s.end('hi')).listen(0);
  await new Promise((r) => server.once('listening', r));
  const bound = server.address().address;
  const loopback = await attempt((done) => net.connect(server.address().port, '127.0.0.1').on('data', () => done('ok')).on('error', (e) => done(describe(e))));
  const viaName = await attempt((done) => net.connect(server.address().port, 'localhost').on('data', () => done('ok')).on('error', (e) => done(describe(e))));
  const privateIp = await attempt((done) => net.connect(80, '10.255.255.1').on('connect', () => done('connected')).on('error', (e) => done(describe(e))));
  const publicName = await attempt((done) => net.connect({ port: 443, host: 'api.github.invalid' }).on('connect', () => done('connected')).on('error', (e) => done(describe(e))));
  const tlsRequest = await attempt((done) => https.get('https://ingest.sentry.invalid/', () => done('answered')).on('error', (e) => done(describe(e))));
  const fetched = await attempt((done) => fetch('http://192.0.2.1/').then(() => done('answered'), (e) => done(describe(e.cause))));
  const lookup = await attempt((done) => dns.lookup('example.invalid', (e) => done(describe(e))));
  const resolved = await dns.promises.resolve4('example.invalid').then(() => 'ok', describe);
  const localLookup = await attempt((done) => dns.lookup('localhost', (e) => done(describe(e))));
  server.close();
  console.log(JSON.stringify({ bound, loopback, viaName, privateIp, publicName, tlsRequest, fetched, lookup, resolved, localLookup }));
})();
`;

function runProbe(): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(FDM_NODE, ['--require', LOOPBACK_PRELOAD, '-e', PROBE], { timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve({ stdout, stderr }),
    );
  });
}

describe('the loopback-only preload for FDM Monster', () => {
  it('binds listen() to 127.0.0.1, lets loopback through, and refuses every other connection and DNS query at once', async () => {
    expect(existsSync(FDM_NODE), `Node 22 for FDM Monster is missing at ${FDM_NODE}: run node test/fdm-monster/install.mjs`).toBe(true);
    const { stdout, stderr } = await runProbe();
    const result = JSON.parse(stdout) as Record<string, string>;
    expect(result.bound).toBe('127.0.0.1');
    expect(result.loopback).toBe('ok');
    expect(result.viaName).toBe('ok');
    expect(result.localLookup).toBe('ok');
    for (const name of ['privateIp', 'publicName', 'tlsRequest', 'fetched', 'lookup', 'resolved'])
      expect(result[name], name).toMatch(/^ECONNREFUSED loopback-only: refused/);
    // Each refusal is told on stderr, once per target.
    expect(stderr).toContain('[loopback-only] refused a connection to 10.255.255.1:80');
    expect(stderr).toContain('[loopback-only] refused a connection to api.github.invalid:443');
    expect(stderr).toContain('[loopback-only] refused a DNS lookup of example.invalid');
  });
});
