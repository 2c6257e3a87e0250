// The source archive Firefox's add-on review asks for when the add-on ships bundled code: what
// `npm ci && npm run build` needs to make dist/ again, nothing else (no tests, no node_modules). The
// zip is deterministic (sorted names, one fixed date, fixed permissions), so the same tree always
// gives the same bytes. A small writer of our own: Node has deflate and CRC-32, and no zip tool is a
// dependency.
import { lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

/** Folders and files of the project the build reads (vitest.config.ts and test/ are for tests only). */
export const SOURCE_ROOTS = ['src', 'public', 'scripts', 'manifest.json', 'package.json', 'package-lock.json', 'README.md', 'tsconfig.json', 'vite.config.ts'];

/** Every regular file under the roots, as zip paths ('/' separators), sorted. */
export function sourceFiles(root = '.') {
  const files = [];
  const walk = (path) => {
    const stat = lstatSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else if (stat.isFile()) files.push(relative(root, path).split(sep).join('/'));
  };
  for (const entry of SOURCE_ROOTS) walk(join(root, entry));
  return files.sort();
}

// 1980-01-01 00:00, the earliest DOS date: no build time leaks into the archive.
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;

/** A zip of `files` (paths relative to `root`), deflated, with the same bytes for the same tree. */
export function zipFiles(root, files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const name of files) {
    const data = readFileSync(join(root, name));
    const packed = deflateRawSync(data, { level: 9 });
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, so the permissions below are read
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Writes the source archive of the project at `root` to `out`; returns the files it holds. */
export function writeSourceArchive(root, out) {
  const files = sourceFiles(root);
  writeFileSync(out, zipFiles(root, files));
  return files;
}

// `node scripts/source-archive.mjs OUT.zip`: the archive alone (npm run build writes dist/keydeck-source.zip).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = process.argv[2] ?? 'dist/keydeck-source.zip';
  console.log(`${out}: ${writeSourceArchive('.', out).length} files`);
}
