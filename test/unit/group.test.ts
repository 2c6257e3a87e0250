import { describe, expect, test } from 'vitest';
import { groupCredentials } from '../../src/popup/group';
import { PROVIDERS } from '../../src/providers/registry';
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
  maskedKey: '••••••••abcd',
});

// Newest first, as the background lists them.
const list = [
  view('1', 'Cura', 'http://a'),
  view('2', 'OctoFarm', 'http://a'),
  view('3', 'cura', 'http://b', 'bob'),
  view('4', 'Cura', 'http://a'),
];

describe('groupCredentials', () => {
  test('groups per app (case-insensitively) then per server, keeping newest-first order', () => {
    expect(groupCredentials(list, '', PROVIDERS.label).map((g) => [g.app, g.servers.map((s) => [s.serviceUrl, s.credentials.map((c) => c.id)])])).toEqual([
      ['Cura', [['http://a', ['1', '4']], ['http://b', ['3']]]],
      ['OctoFarm', [['http://a', ['2']]]],
    ]);
  });

  test('filters on app, server, user and provider', () => {
    expect(groupCredentials(list, 'bob', PROVIDERS.label).flatMap((g) => g.servers.flatMap((s) => s.credentials.map((c) => c.id)))).toEqual(['3']);
    expect(groupCredentials(list, 'farm', PROVIDERS.label)).toHaveLength(1);
    expect(groupCredentials(list, 'octoprint', PROVIDERS.label)).toHaveLength(2);
    expect(groupCredentials(list, 'nothing like it', PROVIDERS.label)).toEqual([]);
  });
});

describe('relativeTime', () => {
  test('speaks in the largest unit that fits', () => {
    expect(relativeTime(0, 3 * 86_400_000, 'en')).toBe('3 days ago');
    expect(relativeTime(2 * 3_600_000, 0, 'en')).toBe('in 2 hours');
    expect(relativeTime(0, 10_000, 'en')).toBe('this minute');
  });
});
