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

const DAY = 86_400_000;
const alwaysNumeric = new Map<string | undefined, Intl.RelativeTimeFormat>();

/** Calendar days from `now`'s local date to `at`'s (tomorrow is 1 whatever the hour). */
function calendarDays(at: number, now: number): number {
  const a = new Date(at);
  const b = new Date(now);
  const dayA = Date.UTC(a.getFullYear(), a.getMonth(), a.getDate());
  const dayB = Date.UTC(b.getFullYear(), b.getMonth(), b.getDate());
  return Math.round((dayA - dayB) / DAY);
}

/**
 * A time the way people read it: "in 3 hours" the same day, "tomorrow" only when it is the next
 * calendar day, else "in 2 days" by the calendar (about 47 h from late evening is "in 2 days"),
 * months and years rounded.
 */
export function readableTime(at: number, now: number, locale?: string): string {
  let auto = relativeFormats.get(locale);
  if (!auto) relativeFormats.set(locale, (auto = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  let numeric = alwaysNumeric.get(locale);
  if (!numeric) alwaysNumeric.set(locale, (numeric = new Intl.RelativeTimeFormat(locale, { numeric: 'always' })));
  const delta = at - now;
  const days = calendarDays(at, now);
  if (days === 0 || Math.abs(delta) < 12 * 3_600_000) {
    if (Math.abs(delta) >= 3_600_000) return numeric.format(Math.round(delta / 3_600_000), 'hour');
    return auto.format(Math.round(delta / 60_000), 'minute');
  }
  if (Math.abs(days) === 1) return auto.format(days, 'day');
  if (Math.abs(days) < 45) return numeric.format(days, 'day');
  if (Math.abs(days) < 365) return numeric.format(Math.round(days / 30), 'month');
  return numeric.format(Math.round(days / 365), 'year');
}
