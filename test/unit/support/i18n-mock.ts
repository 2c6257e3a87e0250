import messages from '../../../public/_locales/en/messages.json';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };

/**
 * `browser.i18n.getMessage` over the real English messages, as browsers resolve them: named
 * placeholders ($ARG1$, case-insensitive) become their content, then $1…$9 the substitutions.
 * An unknown key gives '' (the popup then shows the key itself).
 */
export function getMessage(key: string, substitutions?: string | string[]): string {
  const entry = (messages as Record<string, Entry>)[key];
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const placeholders = Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => placeholders[name.toLowerCase()] ?? whole)
    .replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '')
    .replace(/\$\$/g, '$');
}

/** The module `vi.mock('webextension-polyfill', …)` returns in popup tests. */
export const polyfillMock = { default: { i18n: { getMessage } } };
