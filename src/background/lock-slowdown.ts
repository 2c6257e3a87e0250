/**
 * How long after `count` wrong passphrases in a row the next try is refused: none for the first
 * three (typos), then 1 s doubling up to 5 minutes. PBKDF2 already costs each try about half a second.
 */
export function slowDownMs(count: number): number {
  if (count < 3) return 0;
  return Math.min(1000 * 2 ** (count - 3), 5 * 60_000);
}
