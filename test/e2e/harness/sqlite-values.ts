import { existsSync, readFileSync } from 'node:fs';
import initSqlJs from 'sql.js';

const WAL_MAGIC = new Set([0x377f0682, 0x377f0683]);

/**
 * The database as SQLite itself would read it now: the main file with the committed frames of its
 * write-ahead log laid over it (a browser that is still running has not checkpointed them yet).
 * Frames of an older log generation (other salts) and an unfinished transaction are left out.
 */
export function databaseImage(file: string): Uint8Array {
  let image: Uint8Array = readFileSync(file);
  const walFile = `${file}-wal`;
  if (!existsSync(walFile)) return image;
  const wal = readFileSync(walFile);
  if (wal.length < 32 || !WAL_MAGIC.has(wal.readUInt32BE(0))) return image;
  const pageSize = wal.readUInt32BE(8);
  const [salt1, salt2] = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  const pending = new Map<number, Uint8Array>();
  for (let frame = 32; frame + 24 + pageSize <= wal.length; frame += 24 + pageSize) {
    if (wal.readUInt32BE(frame + 8) !== salt1 || wal.readUInt32BE(frame + 12) !== salt2) break;
    pending.set(wal.readUInt32BE(frame), wal.subarray(frame + 24, frame + 24 + pageSize));
    const pagesAfterCommit = wal.readUInt32BE(frame + 4);
    if (pagesAfterCommit === 0) continue;
    const next = new Uint8Array(pagesAfterCommit * pageSize);
    next.set(image.subarray(0, next.length));
    for (const [page, bytes] of pending) if (page <= pagesAfterCommit) next.set(bytes, (page - 1) * pageSize);
    image = next;
    pending.clear();
  }
  return image;
}

/** Every value of every table of an SQLite file (its log included); blobs as bytes. Unreadable: none. */
export async function sqliteValues(file: string): Promise<Array<string | Uint8Array>> {
  const SQL = await initSqlJs();
  let db;
  try {
    db = new SQL.Database(databaseImage(file));
    const values: Array<string | Uint8Array> = [];
    const tables = db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values ?? [];
    for (const [table] of tables) {
      for (const result of db.exec(`SELECT * FROM "${String(table).replaceAll('"', '""')}"`)) {
        for (const row of result.values) for (const value of row) if (typeof value === 'string' || value instanceof Uint8Array) values.push(value);
      }
    }
    return values;
  } catch {
    return [];
  } finally {
    db?.close();
  }
}
