// Store-ready zips of both shipped builds, made by web-ext (which also checks the files it packs),
// and the source archive Firefox's review needs to rebuild them (scripts/source-archive.mjs; README).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeSourceArchive } from './source-archive.mjs';

const { version } = JSON.parse(readFileSync('manifest.json', 'utf8'));
for (const target of ['chrome', 'firefox']) {
  execFileSync(
    'npx',
    ['web-ext', 'build', '--source-dir', `dist/${target}`, '--artifacts-dir', 'dist', '--filename', `keydeck-${target}-${version}.zip`, '--overwrite-dest'],
    { stdio: 'inherit' },
  );
}
const files = writeSourceArchive('.', 'dist/keydeck-source.zip');
console.log(`Source archive for review: dist/keydeck-source.zip (${files.length} files)`);
