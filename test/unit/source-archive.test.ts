import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// The source archive for Firefox's review (scripts/source-archive.mjs), made as `npm run build` makes
// it and read back with Info-ZIP's unzip, an independent reader.
let dir: string;
let zip: string;
let listed: string[];
const make = (out: string) => execFileSync('node', ['scripts/source-archive.mjs', out], { encoding: 'utf8' });
const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).split('\n').filter(Boolean);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keydeck-source-'));
  zip = join(dir, 'source.zip');
  make(zip);
  listed = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n').filter(Boolean);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the source archive', () => {
  test('holds what the build reads: src, public, scripts, the manifest, package.json and its lock, the configs and README', () => {
    // The project's own files there (tracked or new, not ignored), as git sees them.
    const expected = [
      ...git('ls-files', '--cached', '--others', '--exclude-standard', '--', 'src', 'public', 'scripts'),
      'README.md', 'manifest.json', 'package-lock.json', 'package.json', 'tsconfig.json', 'vite.config.ts',
    ].sort();
    expect(listed).toEqual(expected);
    expect(listed.filter((name) => /^(test|bench|node_modules|dist|dist-test|artifacts|\.git)\//.test(name))).toEqual([]);
    // Everything vite.config.ts imports from the project, and the build's own script, are in it.
    const local = [...readFileSync('vite.config.ts', 'utf8').matchAll(/from '\.\/([^']+)'/g)].map((m) => m[1]!);
    expect(local.length).toBeGreaterThan(1);
    for (const file of [...local, 'scripts/package.mjs', 'src/popup/index.html', 'src/options/index.html']) expect(listed).toContain(file);
  });

  test("is a sound zip whose files are the project's, byte for byte", () => {
    expect(execFileSync('unzip', ['-tq', zip], { encoding: 'utf8' })).toMatch(/^No errors detected/);
    for (const name of ['package-lock.json', 'public/icons/128.png', 'src/background/main.ts'])
      expect(execFileSync('unzip', ['-p', zip, name]).equals(readFileSync(name))).toBe(true);
  });

  test('the same tree gives the same bytes (no dates, a fixed order)', () => {
    const again = join(dir, 'again.zip');
    make(again);
    expect(readFileSync(again).equals(readFileSync(zip))).toBe(true);
  });
});
