import { afterEach, describe, expect, it } from 'vitest';
import { t, tn, useMessages } from '../../../src/shared/i18n';
import { getMessage } from '../support/i18n-mock';
import de from '../../../public/_locales/de/messages.json';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };
/** How a browser whose UI is German answers, from de/messages.json. */
function german(key: string, subs: string[] = []): string {
  const entry = (de as Record<string, Entry>)[key];
  if (!entry) return '';
  const placeholders = Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([n, p]) => [n.toLowerCase(), p.content]));
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (w, n: string) => placeholders[n.toLowerCase()] ?? w).replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

afterEach(() => useMessages({ getMessage, getUILanguage: () => 'en' }));

describe('t and tn', () => {
  it('answer in English in tests, with substitutions', () => {
    expect(t('saved', 'OctoFarm')).toBe('Saved the key for OctoFarm.');
    expect(t('copy')).toBe('Copy');
  });

  it('choose the plural form by the count', () => {
    expect(tn('keyCount', 1)).toBe('1 key');
    expect(tn('keyCount', 0)).toBe('0 keys');
    expect(tn('keyCount', 12)).toBe('12 keys');
    expect(tn('backupAddedHere', 1, tn('keyCount', 3))).toBe('Added 3 keys, 1 was already here.');
    expect(tn('backupAddedHere', 2, tn('keyCount', 1))).toBe('Added 1 key, 2 were already here.');
  });

  it('speak German when the browser does', () => {
    useMessages({ getMessage: german, getUILanguage: () => 'de-DE' });
    expect(t('settings')).toBe('Einstellungen');
    expect(tn('newKeysTitle', 1)).toBe('KeyDeck: 1 neuer Schlüssel ist eingetroffen, während KeyDeck geschlossen war');
    expect(tn('newKeysTitle', 3)).toBe('KeyDeck: 3 neue Schlüssel sind eingetroffen, während KeyDeck geschlossen war');
  });

  it('show the key itself when a message is missing', () => {
    useMessages({ getMessage: () => '', getUILanguage: () => 'en' });
    expect(t('copy')).toBe('copy');
  });
});
