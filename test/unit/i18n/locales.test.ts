import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Entry = { message: string; description?: string; placeholders?: Record<string, { content: string }> };
const read = (locale: string) => JSON.parse(readFileSync(`public/_locales/${locale}/messages.json`, 'utf8')) as Record<string, Entry>;
const en = read('en');
const locales = readdirSync('public/_locales').filter((name) => name !== 'en');

/** What a message needs from its caller: the substitutions ($1…$9) it shows, and its named placeholders. */
function shape(entry: Entry) {
  const named = [...entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();
  const declared = Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content] as const);
  const subs = new Set([...entry.message.matchAll(/(?<!\$)\$(\d)/g)].map((m) => m[1]));
  for (const name of named) for (const [, content] of declared.filter(([n]) => n === name)) for (const m of content.matchAll(/\$(\d)/g)) subs.add(m[1]);
  return { named: [...new Set(named)], declared: declared.map(([n, c]) => `${n}=${c}`).sort(), substitutions: [...subs].sort() };
}

/** Messages that read the same in every language: names, symbols, the product itself. */
const SAME_EVERYWHERE = new Set(['extName', 'farmExportOctoFarm', 'rotateNames', 'rotateFarms', 'farmKeyLabel', 'verifiedOk', 'verifiedBad', 'portalTitle', 'fdmTarget', 'heldByKeyDeck', 'passphrase', 'chipWarnings', 'appNamePlaceholder', 'expiryBadgeTitle']);

describe('locales', () => {
  it('has German', () => expect(locales).toContain('de'));

  for (const locale of locales) {
    describe(locale, () => {
      const other = read(locale);

      it('has exactly the English keys', () => {
        expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      });

      it('asks for the same substitutions and placeholders as English', () => {
        const differ = Object.keys(en).filter((key) => other[key] && JSON.stringify(shape(other[key])) !== JSON.stringify(shape(en[key]!)));
        expect(differ.map((key) => `${key}: en ${JSON.stringify(shape(en[key]!))} ${locale} ${JSON.stringify(shape(other[key]!))}`)).toEqual([]);
      });

      it('is translated, not English copied over', () => {
        const copied = Object.keys(en).filter((key) => !SAME_EVERYWHERE.has(key) && other[key]?.message === en[key]!.message);
        expect(copied).toEqual([]);
      });
    });
  }

  it('declares every named placeholder a message uses (else the browser shows it blank)', () => {
    for (const locale of ['en', ...locales]) {
      const messages = read(locale);
      const undeclared = Object.entries(messages).flatMap(([key, entry]) => {
        const { named, declared } = shape(entry);
        return named.filter((name) => !declared.some((d) => d.startsWith(`${name}=`))).map((name) => `${locale}/${key}: $${name}$`);
      });
      expect(undeclared).toEqual([]);
    }
  });

  it('gives every plural both forms German and English need', () => {
    const bases = new Set(Object.keys(en).flatMap((key) => (/_(one|other)$/.test(key) ? [key.replace(/_(one|other)$/, '')] : [])));
    const incomplete = [...bases].filter((base) => !(`${base}_one` in en && `${base}_other` in en));
    expect(bases.size).toBeGreaterThan(0);
    expect(incomplete).toEqual([]);
  });
});

describe('the manifest', () => {
  it('takes its name and description from _locales', () => {
    const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as { name: string; description: string; default_locale: string };
    expect(manifest.name).toBe('__MSG_extName__');
    expect(manifest.description).toBe('__MSG_extDescription__');
    expect(manifest.default_locale).toBe('en');
    expect(read('de').extDescription?.message).not.toBe(en.extDescription?.message);
  });
});
