// Run the CoCalc simulator by hand:
//   npx tsx test/sim/cocalc/cli.ts [--port N] [--site-name NAME] [--samesite strict|lax]
// Prints the URL and the seeded demo accounts and projects (throw-away values made at
// start-up), then serves until Ctrl+C. Sign in at /auth/sign-in.
import { flagValue, runCli, serveUntilStopped } from '../cli-kit';
import { startCocalcSim } from './index';
import type { CocalcSimOptions } from './types';

function parseArgs(argv: string[]): CocalcSimOptions {
  const options: CocalcSimOptions = {};
  const value = (i: number, flag: string): string => flagValue(argv, i, flag);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--port': options.port = Number.parseInt(value(i++, arg), 10); break;
      case '--site-name': options.siteName = value(i++, arg); break;
      case '--samesite': {
        const v = value(i++, arg);
        if (v !== 'strict' && v !== 'lax') throw new Error('--samesite must be strict or lax');
        options.sameSiteRememberMe = v;
        break;
      }
      default: throw new Error(`unknown argument ${arg ?? ''}`);
    }
  }
  if (options.port !== undefined && !(options.port >= 0 && options.port < 65536)) throw new Error('--port must be 0-65535');
  return options;
}

async function main(): Promise<void> {
  const sim = await startCocalcSim(parseArgs(process.argv.slice(2)));
  const lines = [
    `CoCalc simulator listening on ${sim.url}`,
    `  sign in:  ${sim.url}/auth/sign-in`,
    `  api keys: POST ${sim.url}/api/v2/api-keys {"action":"get"|"create"|"delete"|"edit", ...}`,
    '',
    'Seeded demo accounts (throw-away values):',
    ...Object.values(sim.users).map((u) =>
      `  ${u.email.padEnd(18)} password ${u.password.padEnd(12)} account_id ${u.accountId}${u.legacyApiKey ? `  legacy key ${u.legacyApiKey}` : ''}`),
    'Projects:',
    ...Object.values(sim.projects).map((p) => `  ${p.title.padEnd(7)} ${p.projectId}  ${Object.values(p.users).join(',')}`),
  ];
  serveUntilStopped(lines, () => sim.close());
}

runCli(main);
