export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile: with fewer than 20 values, p95 is the largest one. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

export function describe(values: number[], unit = 'ms', digits = 1): string {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (n: number) => `${n.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
  return `median ${f(median(values))}, p95 ${f(percentile(values, 95))} (min ${sorted[0]!.toFixed(digits)}, max ${sorted.at(-1)!.toFixed(digits)}, n=${values.length})`;
}

/** Against a "≤ limit" target: judged on the median and on p95, so a slow tail is not hidden. */
export function verdict(values: number[], limit: number): string {
  const m = median(values) <= limit;
  const p = percentile(values, 95) <= limit;
  return m && p ? 'met' : m ? 'median met, p95 missed' : 'missed';
}
