// Run the Conduce simulator by hand:
//   npx tsx test/sim/conduce/cli.ts [--port N] [--key-format urlsafe43|uuid] [--cookie-name NAME]
// Prints the API base and the seeded demo users (throw-away values), then serves until Ctrl+C.
import { flagValue, runCli, serveUntilStopped } from '../cli-kit';
import { startConduceSim } from './index';
import type { ConduceSimOptions } from './types';

function parseArgs(argv: string[]): ConduceSimOptions {
  const options: ConduceSimOptions = {};
  const value = (i: number, flag: string): string => flagValue(argv, i, flag);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--port': options.port = Number.parseInt(value(i++, arg), 10); break;
      case '--cookie-name': options.cookieName = value(i++, arg); break;
      case '--key-format': {
        const v = value(i++, arg);
        if (v !== 'urlsafe43' && v !== 'uuid') throw new Error('--key-format must be urlsafe43 or uuid');
        options.keyFormat = v;
        break;
      }
      default: throw new Error(`unknown argument ${arg ?? ''}`);
    }
  }
  if (options.port !== undefined && !(options.port >= 0 && options.port < 65536)) throw new Error('--port must be 0-65535');
  return options;
}

async function main(): Promise<void> {
  const sim = await startConduceSim(parseArgs(process.argv.slice(2)));
  const lines = [
    `Conduce simulator listening on ${sim.url}`,
    `  API base: ${sim.apiBase}  (POST /user/login, GET /user/validate-session,`,
    '            GET /apikeys/list, POST /apikeys/create, POST /apikeys/delete)',
    `  session cookie: ${sim.cookieName}`,
    '',
    'Seeded demo users (throw-away values):',
    ...Object.values(sim.users).map((u) => `  ${u.email.padEnd(18)} password ${u.password}`),
  ];
  serveUntilStopped(lines, () => sim.close());
}

runCli(main);
