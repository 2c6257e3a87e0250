// What every simulator's command line shares: flag values, serving until Ctrl+C, and failing clearly.

/** The value after `flag` at position `i`, or an error naming the flag. */
export function flagValue(argv: string[], i: number, flag: string): string {
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
  return value;
}

/** Prints what the simulator offers, then serves until Ctrl+C or SIGTERM, when `close` runs. */
export function serveUntilStopped(lines: string[], close: () => Promise<unknown>): void {
  process.stdout.write(`${[...lines, '', 'Ctrl+C to stop.'].join('\n')}\n`);
  const stop = (): void => {
    void close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Runs a command line's main: a failure prints its message and exits 1. */
export function runCli(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
