// Store-ready zips of both shipped builds, made by web-ext (which also checks the files it packs).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('manifest.json', 'utf8'));
for (const target of ['chrome', 'firefox']) {
  execFileSync(
    'npx',
    ['web-ext', 'build', '--source-dir', `dist/${target}`, '--artifacts-dir', 'dist', '--filename', `keydeck-${target}-${version}.zip`, '--overwrite-dest'],
    { stdio: 'inherit' },
  );
}
