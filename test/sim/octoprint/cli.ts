// Run the OctoPrint simulator by hand:
//   npx tsx test/sim/octoprint/cli.ts [--port N] [--version 1.11.8] [--base-path /octoprint]
//        [--cors] [--no-rate-limit] [--plugin-disabled] [--not-set-up] [--basic-auth user:password]
// Prints the URL and the seeded demo users and keys (the only place the simulator
// prints secrets; they are throw-away values made at start-up), then serves until
// Ctrl+C. Pending access requests can be approved in the browser UI (log in as admin).
import { flagValue, runCli, serveUntilStopped } from '../cli-kit';
import { startOctoPrintSim } from './index';
import type { OctoPrintSimOptions } from './types';

function parseArgs(argv: string[]): OctoPrintSimOptions {
  const options: OctoPrintSimOptions = {};
  const value = (i: number, flag: string): string => flagValue(argv, i, flag);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--port': options.port = Number.parseInt(value(i++, arg), 10); break;
      case '--version': options.version = value(i++, arg); break;
      case '--base-path': options.basePath = value(i++, arg); break;
      case '--cors': options.cors = true; break;
      case '--no-rate-limit': options.rateLimit = false; break;
      case '--plugin-disabled': options.pluginEnabled = false; break;
      case '--not-set-up': options.setUp = false; break;
      case '--basic-auth': {
        const [user = '', ...rest] = value(i++, arg).split(':');
        options.basicAuth = { user, password: rest.join(':') };
        break;
      }
      default: throw new Error(`unknown argument ${arg ?? ''}`);
    }
  }
  if (options.port !== undefined && !(options.port >= 0 && options.port < 65536)) throw new Error('--port must be 0-65535');
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const sim = await startOctoPrintSim(options);
  const lines = [
    `OctoPrint ${sim.version} simulator listening on ${sim.url}`,
    `  probe:  ${sim.url}/plugin/appkeys/probe`,
    `  UI:     ${sim.url}/  (log in below)`,
    '',
    'Seeded demo users (throw-away values):',
    ...Object.values(sim.users).map((u) => `  ${u.name.padEnd(7)} password ${u.password.padEnd(12)} user key ${u.apiKey}  [${u.groups.join(',')}]`),
    `  global key (_api, deprecated): ${sim.globalKey ?? '(none: not set up)'}`,
  ];
  serveUntilStopped(lines, () => sim.close());
}

runCli(main);
