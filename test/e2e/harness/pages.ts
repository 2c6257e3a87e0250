import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

const fixture = (name: string) => readFileSync(resolve('test/fixtures/octoprint', name), 'utf8');

/** Pages a browser test visits: real OctoPrint markup, a look-alike that is not OctoPrint, a blank page. */
const PAGES: Record<string, () => string> = {
  '/login/': () => fixture('octoprint-1.11.8-login.html'),
  '/plugin/appkeys/auth/token': () => fixture('octoprint-1.11.8-authdialog.html'),
  // Borrows OctoPrint's ids but loads none of its bundles: a page that must not count as OctoPrint.
  '/lookalike': () =>
    '<!doctype html><title>OctoPrint fan site</title><div id="page-container-main"><input id="login-user"><input id="login-password"></div>',
  '/blank': () => '<!doctype html><title>blank</title><p>blank</p>',
};

export interface PageServer {
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const server: Server = createServer((req, res) => {
    const page = PAGES[new URL(req.url ?? '/', 'http://x').pathname];
    if (!page) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => origin + path,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections(); // a browser still open would keep its keep-alive connection, and close() waiting
        server.close(() => done());
      }),
  };
}
