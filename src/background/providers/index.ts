import type { Http } from '../http';
import { createOctoPrintBackend } from './octoprint/backend';
import { createOctoPrintClient } from './octoprint/client';
import type { ProviderBackend } from './types';

export type { ProviderBackend } from './types';

/** Every provider's background half, by id. Providers without one only store keys. */
export function createProviderBackends(http: Http, now: () => number = Date.now): ReadonlyMap<string, ProviderBackend> {
  const backends = [createOctoPrintBackend(createOctoPrintClient(http), now)];
  return new Map(backends.map((b) => [b.id, b]));
}
