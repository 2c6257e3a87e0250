// The integration project's set-up: the real FDM Monster must be installed before its tests start
// (install.mjs is idempotent and returns at once when the lock file's install is in place).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('./install.mjs', import.meta.url))], { stdio: 'inherit' });
}
