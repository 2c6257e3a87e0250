export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function describe(values: number[], unit = 'ms', digits = 1): string {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(digits);
  return `median ${f(median(values))} ${unit} (min ${f(sorted[0]!)}, max ${f(sorted.at(-1)!)}, n=${values.length})`;
}
