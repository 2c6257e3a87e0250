// web-ext lint on the shipped Firefox build: any error fails; warnings are printed for a person to read.
import { execFileSync } from 'node:child_process';

const out = execFileSync('npx', ['web-ext', 'lint', '--source-dir', 'dist/firefox', '--output', 'json', '--no-input'], {
  encoding: 'utf8',
});
const report = JSON.parse(out.slice(out.indexOf('{')));
for (const item of [...report.errors, ...report.warnings])
  console.log(`${item._type}: ${item.code} ${item.file ?? ''} — ${item.message}`);
console.log(`web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings`);
if (report.summary.errors > 0) process.exit(1);
