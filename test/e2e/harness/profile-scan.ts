import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unsnappy } from './snappy';
import { sqliteValues } from './sqlite-values';

/** Every regular file under `dir` (symlinks not followed; files vanishing meanwhile skipped). */
function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    try {
      const stat = lstatSync(path);
      return stat.isDirectory() ? filesUnder(path) : stat.isFile() ? [path] : [];
    } catch {
      return [];
    }
  });
}

const read = (file: string): Buffer | null => {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
};

/**
 * Whether anything a browser keeps under its profile holds `text`, as one-byte or UTF-16 characters
 * (how storage engines write strings). Every file is searched as it is; SQLite databases (with their
 * logs) also value by value, each blob snappy-decoded where it is snappy — Firefox's IndexedDB, where
 * storage.local lives, compresses every value so, and a string typed in a page is stored as UTF-16.
 * Not decoded: Chromium's compacted LevelDB tables (a fresh profile's writes stay in the plain log)
 * and Firefox's lz4 session files (which keep no password field).
 */
export async function profileHolds(dir: string, text: string): Promise<boolean> {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  const holds = (bytes: Uint8Array) => {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return needles.some((needle) => buffer.includes(needle));
  };
  for (const file of filesUnder(dir)) {
    const bytes = read(file);
    if (bytes && holds(bytes)) return true;
    if (!file.endsWith('.sqlite')) continue;
    for (const value of await sqliteValues(file)) {
      if (typeof value === 'string' ? value.includes(text) : holds(value) || holds(unsnappy(value) ?? new Uint8Array())) return true;
    }
  }
  return false;
}
