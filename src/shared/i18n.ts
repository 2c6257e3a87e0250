import type messages from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

/** Keys that come as `base_one` / `base_other` (the plural forms of English and German). */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer B}_other` ? (`${B}_one` extends MessageKey ? B : never) : never;
}[MessageKey];

type Lookup = (key: string, substitutions?: string[]) => string;
interface I18nApi {
  getMessage: Lookup;
  getUILanguage: () => string;
}

/**
 * `chrome.i18n` is synchronous and present in Chrome's service worker and pages and in Firefox's
 * event page and pages (Firefox aliases `chrome`), so background and popup share one lookup without
 * the polyfill. Unit tests install the English messages through `useMessages` instead.
 */
let api: I18nApi | undefined = (globalThis as { chrome?: { i18n?: I18nApi } }).chrome?.i18n;

/** Tests: answer from a message table (the real en/messages.json) instead of the browser. */
export function useMessages(replacement: I18nApi): void {
  api = replacement;
  plain.clear();
  plurals = undefined;
}

// A long list asks for the same few strings thousands of times: look each plain string up once.
const plain = new Map<string, string>();

/** A string from `_locales`; the key itself if the browser has none (a missing string stays visible). */
export function t(key: MessageKey, ...substitutions: string[]): string {
  if (substitutions.length > 0) return api?.getMessage(key, substitutions) || key;
  let text = plain.get(key);
  if (text === undefined) {
    text = api?.getMessage(key) || key;
    if (api) plain.set(key, text);
  }
  return text;
}

let plurals: Intl.PluralRules | undefined;

/** The form of `base` for `count` (`base_one`, `base_other`) in the browser's UI language; `count` is $1. */
export function tn(base: PluralKey, count: number, ...more: string[]): string {
  plurals ??= new Intl.PluralRules(api?.getUILanguage() || 'en');
  const form = plurals.select(count) === 'one' ? 'one' : 'other';
  return t(`${base}_${form}` as MessageKey, String(count), ...more);
}
