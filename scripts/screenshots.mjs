// Copies the README's popup screenshots from the last e2e run (test/e2e/a11y.test.ts writes every
// state, light and dark, to artifacts/screenshots/) into docs/. Run `npm run build:test` and
// `npx vitest run --project e2e test/e2e/a11y.test.ts` first.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const SHOWN = ['keys-list-light', 'keys-list-dark', 'row-expanded-dark'];
const from = resolve('artifacts/screenshots');
const to = resolve('docs');
mkdirSync(to, { recursive: true });
const missing = SHOWN.filter((name) => !existsSync(`${from}/${name}.png`));
if (missing.length) {
  console.error(`Not in ${from}: ${missing.join(', ')}. Run the a11y e2e test first (see this script's comment).`);
  process.exit(1);
}
for (const name of SHOWN) copyFileSync(`${from}/${name}.png`, `${to}/popup-${name}.png`);
console.log(`Copied ${SHOWN.length} screenshots to docs/.`);
