import { describe, expect, test } from 'vitest';
import { groupByServer } from '../../src/popup/group';
import { relativeTime } from '../../src/popup/time';
import type { CredentialView } from '../../src/shared/credential';

const view = (id: string, app: string, serviceUrl: string, user?: string): CredentialView => ({
  id,
  provider: 'octoprint',
  serviceUrl,
  app,
  ...(user ? { user } : {}),
  source: 'manual',
  createdAt: 0,
  secretFields: ['apiKey'],
  maskedKey: '••••abcd',
});

// Newest first, as the background lists them.
const list = [
  view('1', 'Cura', 'http://a'),
  view('2', 'OctoFarm', 'http://a'),
  view('3', 'cura', 'http://b', 'bob'),
  view('4', 'Cura', 'http://a'),
];

describe('groupByServer', () => {
  test('groups per server, keeping newest-first order of groups and of keys within them', () => {
    expect(groupByServer(list).map((g) => [g.serviceUrl, g.credentials.map((c) => c.id)])).toEqual([
      ['http://a', ['1', '2', '4']],
      ['http://b', ['3']],
    ]);
  });
});

describe('relativeTime', () => {
  test('speaks in the largest unit that fits', () => {
    expect(relativeTime(0, 3 * 86_400_000, 'en')).toBe('3 days ago');
    expect(relativeTime(2 * 3_600_000, 0, 'en')).toBe('in 2 hours');
    expect(relativeTime(0, 10_000, 'en')).toBe('this minute');
  });
});
