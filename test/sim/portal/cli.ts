// Run the portal simulator (and its hostile twin) by hand:
//   npx tsx test/sim/portal/cli.ts [--port N] [--hostile-port N] [--no-hostile]
//        [--outcome success|no-api-key|failure] [--case camel|lower|upper|mixed]
//        [--key-format urlsafe43|hex32] [--override name=value]… [--cocalc-delivery script|redirect]
//        [--cocalc-delay MS]
// Prints the start URLs, then logs each finish redirect and CoCalc key (throw-away values)
// until Ctrl+C. Everything listens on 127.0.0.1.
import { flagValue, runCli, serveUntilStopped } from '../cli-kit';
import { startHostileSim, startPortalSim } from './index';
import type { CocalcDelivery, ParamCase, PortalKeyFormat, PortalOutcome, PortalSimOptions } from './types';

interface CliOptions {
  sim: PortalSimOptions;
  hostile: boolean;
  hostilePort: number;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  const hit = allowed.find((a) => a === value);
  if (hit === undefined) throw new Error(`${flag} must be one of ${allowed.join(', ')}`);
  return hit;
}

function portNumber(value: string, flag: string): number {
  const n = Number.parseInt(value, 10);
  if (!(n >= 0 && n < 65536)) throw new Error(`${flag} must be 0-65535`);
  return n;
}

function parseArgs(argv: string[]): CliOptions {
  const out: CliOptions = { sim: {}, hostile: true, hostilePort: 0 };
  const overrides: Record<string, string> = {};
  const value = (i: number, flag: string): string => flagValue(argv, i, flag);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    switch (arg) {
      case '--port': out.sim.port = portNumber(value(i++, arg), arg); break;
      case '--hostile-port': out.hostilePort = portNumber(value(i++, arg), arg); break;
      case '--no-hostile': out.hostile = false; break;
      case '--outcome': out.sim.outcome = oneOf<PortalOutcome>(value(i++, arg), ['success', 'no-api-key', 'failure'], arg); break;
      case '--case': out.sim.paramCase = oneOf<ParamCase>(value(i++, arg), ['camel', 'lower', 'upper', 'mixed'], arg); break;
      case '--key-format': out.sim.keyFormat = oneOf<PortalKeyFormat>(value(i++, arg), ['urlsafe43', 'hex32'], arg); break;
      case '--cocalc-delivery': out.sim.cocalcDelivery = oneOf<CocalcDelivery>(value(i++, arg), ['script', 'redirect'], arg); break;
      case '--cocalc-delay': out.sim.cocalcDelayMs = portNumber(value(i++, arg), arg); break;
      case '--override': {
        const [name = '', ...rest] = value(i++, arg).split('=');
        if (!name) throw new Error('--override needs name=value');
        overrides[name] = rest.join('=');
        break;
      }
      default: throw new Error(`unknown argument ${arg}`);
    }
  }
  if (Object.keys(overrides).length > 0) out.sim.overrides = overrides;
  return out;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const sim = await startPortalSim(options.sim);
  const hostile = options.hostile ? await startHostileSim({ portalOrigin: sim.url, port: options.hostilePort }) : null;
  const lines = [
    `Portal simulator on ${sim.url}`,
    `  App Portal:  ${sim.startUrl({ octoPrintApiKeyAppName: 'KeyDeck' })}`,
    `  complete:    ${sim.completeUrl}`,
    `  CoCalc:      ${sim.cocalcUrl('keydeck')}`,
    `  controls:    ${JSON.stringify(sim.controls)}`,
    ...(hostile ? ['', `Hostile pages on ${hostile.origin}`, ...hostile.pages.map((p) => `  ${p.name.padEnd(24)} ${hostile.url(p.name)}`)] : []),
  ];
  let finishes = 0;
  let keys = 0;
  const timer = setInterval(() => {
    for (; finishes < sim.finishes.length; finishes++) process.stdout.write(`finish → ${sim.finishes[finishes]?.location ?? ''}\n`);
    for (; keys < sim.cocalcKeys.length; keys++) process.stdout.write(`CoCalc key handed over: ${sim.cocalcKeys[keys] ?? ''}\n`);
  }, 250);
  serveUntilStopped(lines, () => {
    clearInterval(timer);
    return Promise.all([sim.close(), hostile?.close()]);
  });
}

runCli(main);
