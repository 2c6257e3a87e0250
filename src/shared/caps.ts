import * as v from 'valibot';

/**
 * Bounds on strings that come from a server or a page, so no answer can fill the storage quota
 * (10 MB in Chrome) and make every later save fail. Text a person reads is cut with an ellipsis;
 * an identifier or a secret is refused instead, since a cut one would be wrong.
 */
export const CAP = {
  /** User and group names, app names, labels, versions, detail values. */
  name: 200,
  /** Summaries, warnings, messages. */
  text: 2_000,
  /** Keys, tokens, passwords, ids. */
  secret: 4_096,
  /** URLs. */
  url: 2_048,
} as const;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A string a person reads: cut to `max` characters, ending with "…" when it was longer. */
export const cappedText = (max: number) => v.pipe(v.string(), v.transform((text: string) => truncate(text, max)));

/** An identifier or secret: refused when longer than `max`. */
export const boundedId = (max: number) => v.pipe(v.string(), v.maxLength(max, `is longer than ${max} characters`));
