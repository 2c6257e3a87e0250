import { describe, expect, test } from 'vitest';
import { buildList } from '../../../src/popup/keys/items';
import { matchesWords, sameServer, searchWords } from '../../../src/popup/keys/search';
import { layout, scrollToShow, visibleRange } from '../../../src/popup/keys/window';
import { readableTime } from '../../../src/popup/time';
import { PROVIDERS } from '../../../src/providers/registry';
import type { CredentialView } from '../../../src/shared/credential';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso).getTime();

describe('readableTime', () => {
  test('about 47 hours from late evening is "in 2 days"; "tomorrow" only on the next calendar day', () => {
    expect(readableTime(at('2026-03-12T22:00'), at('2026-03-10T23:00'), 'en')).toBe('in 2 days');
    expect(readableTime(at('2026-03-11T09:00'), at('2026-03-10T08:00'), 'en')).toBe('tomorrow');
    expect(readableTime(at('2026-03-11T02:00'), at('2026-03-10T23:00'), 'en')).toBe('in 3 hours');
    expect(readableTime(at('2026-03-10T18:00'), at('2026-03-10T08:00'), 'en')).toBe('in 10 hours');
    expect(readableTime(at('2026-03-10T08:20'), at('2026-03-10T08:00'), 'en')).toBe('in 20 minutes');
    expect(readableTime(at('2026-03-08T12:00'), at('2026-03-10T12:00'), 'en')).toBe('2 days ago');
    expect(readableTime(at('2026-06-10T12:00'), at('2026-03-10T12:00'), 'en')).toBe('in 3 months');
  });
});

describe('window arithmetic', () => {
  const lay = layout([30, 24, 38, 38, 38, 100, 38]);
  test('offsets are running sums; the range covers the viewport plus overscan', () => {
    expect(lay.offsets).toEqual([0, 30, 54, 92, 130, 168, 268, 306]);
    expect(visibleRange(lay, 0, 60, 0)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(lay, 100, 60, 0)).toEqual({ start: 3, end: 5 }); // 100–160: items 3 and 4
    expect(visibleRange(lay, 100, 60, 1)).toEqual({ start: 2, end: 6 });
    expect(visibleRange(layout([]), 0, 60, 2)).toEqual({ start: 0, end: 0 });
  });
  test('scrollToShow moves as little as possible', () => {
    expect(scrollToShow(lay, 1, 0, 60)).toBe(0);
    expect(scrollToShow(lay, 5, 0, 60)).toBe(168); // taller than the viewport: its top
    expect(scrollToShow(lay, 3, 0, 100)).toBe(30); // bottom 130 in view
    expect(scrollToShow(lay, 0, 200, 60)).toBe(0);
  });
});

const view = (id: string, fields: Partial<CredentialView> = {}): CredentialView => ({
  id, provider: 'octoprint', serviceUrl: 'http://a.local', app: 'Cura', source: 'manual', createdAt: 0, secretFields: ['apiKey'], keyTail: 'AB12', maskedKey: '••••AB12', ...fields,
});

describe('search and list order', () => {
  test('all words, in any field', () => {
    const c = view('1', { user: 'alice', app: 'Voron Cura' });
    expect(matchesWords(c, searchWords('voron CURA'), PROVIDERS.label)).toBe(true);
    expect(matchesWords(c, searchWords('octoprint ab12 alice'), PROVIDERS.label)).toBe(true);
    expect(matchesWords(c, searchWords('voron prusa'), PROVIDERS.label)).toBe(false);
    expect(sameServer('HTTP://A.local/', 'http://a.local')).toBe(true);
    expect(sameServer('http://a.local/octoprint', 'http://a.local')).toBe(false);
  });

  test('a warning every verified key of a server shares is said once on its heading, not on the rows', () => {
    const verification = (warnings: string[]) => ({ at: 0, ok: true, summary: 'ok', warnings });
    const list = [
      view('1', { verification: verification(['CORS is off', 'not in Operator']) }),
      view('2', { verification: verification(['CORS is off']) }),
    ];
    const { items } = buildList(list, { words: [], providerLabel: PROVIDERS.label, now: 0, warnDays: 7, headings: { pinned: (h) => h, expiring: 'E' } });
    const heading = items.find((i) => i.kind === 'heading');
    expect(heading && heading.kind === 'heading' && heading.warnings).toEqual(['CORS is off']);
    const row = items.find((i) => i.kind === 'row');
    expect(row && row.kind === 'row' && [...row.serverWarnings]).toEqual(['CORS is off']);
  });

  test('expired and soon-expiring keys come first, soonest first', () => {
    const now = at('2026-03-10T12:00');
    const list = [view('ok'), view('later', { expiresAt: now + 48 * HOUR }), view('gone', { expiresAt: now - HOUR })];
    const { rows } = buildList(list, { words: [], providerLabel: PROVIDERS.label, now, warnDays: 7, headings: { pinned: (h) => h, expiring: 'E' } });
    expect(rows.map((r) => r.id)).toEqual(['gone', 'later', 'ok']);
  });
});
