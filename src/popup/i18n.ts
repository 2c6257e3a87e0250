import browser from 'webextension-polyfill';
import type messages from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

// A long list asks for the same few strings thousands of times: look each plain string up once.
const plain = new Map<MessageKey, string>();

/** A string from `_locales`; the key itself if the browser has none (a missing string stays visible). */
export function t(key: MessageKey, ...substitutions: string[]): string {
  if (substitutions.length > 0) return browser.i18n.getMessage(key, substitutions) || key;
  let text = plain.get(key);
  if (text === undefined) plain.set(key, (text = browser.i18n.getMessage(key) || key));
  return text;
}
