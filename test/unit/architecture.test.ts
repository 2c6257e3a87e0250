import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('one storage module', () => {
  test('no code outside src/storage/ reads or writes browser storage directly', () => {
    const offenders = sources('src')
      .filter((path) => !relative('src', path).startsWith('storage'))
      .flatMap((path) =>
        readFileSync(path, 'utf8')
          .split('\n')
          .map((line, i) => [line, i + 1] as const)
          // `.storage` handed whole to createStore is the one allowed use: the storage module binds it.
          .filter(([line]) => !/^\s*(\*|\/\/|\/\*)/.test(line)) // prose in comments may name an area
          .filter(([line]) => /\bstorage\s*\.\s*(local|session|sync|managed|onChanged)\b/.test(line))
          .map(([line, n]) => `${path}:${n}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  test('nothing is ever kept in storage.sync', () => {
    const offenders = sources('src').filter((path) => /storage\W+sync|['"]sync['"]/.test(readFileSync(path, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('the popup names no provider', () => {
  test('no provider id literal under src/popup/: it reads the registry', () => {
    const offenders = sources('src/popup').filter((path) =>
      /['"`](octoprint|octoeverywhere|cocalc|conduce|fdm-?monster)['"`]/i.test(readFileSync(path, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
