import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether any file under a browser profile holds `text`, as one-byte (UTF-8 / Latin-1) or UTF-16
 * characters: how storage engines write ASCII strings (Chromium's LevelDB logs, Firefox's IndexedDB).
 * Files that vanish or cannot be read while the browser runs are skipped; symlinks are not followed.
 */
export function profileHolds(dir: string, text: string): boolean {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  const walk = (path: string): boolean => {
    let entries: string[];
    try {
      entries = readdirSync(path);
    } catch {
      return false;
    }
    for (const name of entries) {
      const child = join(path, name);
      let stat;
      try {
        stat = lstatSync(child);
      } catch {
        continue;
      }
      if (stat.isDirectory()) {
        if (walk(child)) return true;
      } else if (stat.isFile()) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(child);
        } catch {
          continue;
        }
        if (needles.some((needle) => bytes.includes(needle))) return true;
      }
    }
    return false;
  };
  return walk(dir);
}
