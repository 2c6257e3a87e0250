import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { CHROMIUM } from '../test/e2e/harness/chromium.ts';

/** What the figures were measured on: they mean little without it. */
export function describeMachine(): string {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown CPU';
  // Debian's wrapper script prints noise on stderr; the version is on stdout.
  const chromium = execFileSync(CHROMIUM, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  const memory = `${(totalmem() / 2 ** 30).toFixed(1)} GiB`;
  return `${model}, ${cpus().length} cores, ${memory} memory; ${chromium}, headless; Node ${process.version}`;
}

/** Other work on the machine shows in every figure: say how busy it was. */
export function loadAverage(): string {
  return `load average ${loadavg().map((n) => n.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`;
}
