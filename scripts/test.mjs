// `npm test`: every layer, in order, stopping at the first failure. A missing browser fails loudly.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

for (const [binary, pkg] of [
  ['/usr/bin/chromium', 'chromium'],
  ['/usr/bin/firefox-esr', 'firefox-esr'],
]) {
  if (!existsSync(binary)) {
    console.error(`${binary} is missing: the end-to-end tests need it (apt-get install -y ${pkg}).`);
    process.exit(1);
  }
}

const steps = [
  ['types', 'npx', ['tsc', '--noEmit']],
  ['shipped builds and zips', 'npm', ['run', 'build']],
  ['Firefox lint', 'node', ['scripts/lint-firefox.mjs']],
  ['test builds', 'npm', ['run', 'build:test']],
  // The real FDM Monster for the integration tests, from test/fdm-monster's own lock file (Node 22,
  // better-sqlite3 built from source; several minutes the first time, instant after).
  ['FDM Monster for the integration tests', 'node', ['test/fdm-monster/install.mjs']],
  [
    'unit, integration and end-to-end tests',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=artifacts/vitest.json'],
  ],
];
for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  try {
    execFileSync(command, args, { stdio: 'inherit' });
  } catch {
    console.error(`\n✗ ${name} failed.`);
    process.exit(1);
  }
}

const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync('artifacts/vitest.json', 'utf8'));
console.log(`\n${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped`);
if (numFailedTests > 0 || numPendingTests > 0) process.exit(1);
