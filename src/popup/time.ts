const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

// Intl formatters are costly to build (a list of 1,000 keys built 2,000 of them): build each once.
const relativeFormats = new Map<string | undefined, Intl.RelativeTimeFormat>();
let dateFormat: Intl.DateTimeFormat | undefined;

/** "3 days ago", "in 2 hours", "now": how far `at` is from `now`, in the largest unit that fits. */
export function relativeTime(at: number, now: number, locale?: string): string {
  let format = relativeFormats.get(locale);
  if (!format) relativeFormats.set(locale, (format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  const delta = at - now;
  for (const [unit, ms] of UNITS) if (Math.abs(delta) >= ms) return format.format(Math.trunc(delta / ms), unit);
  return format.format(0, 'minute');
}

/** The full local date and time, for a tooltip. */
export function dateTime(at: number): string {
  dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return dateFormat.format(at);
}
