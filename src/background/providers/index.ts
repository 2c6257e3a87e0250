import type { Http } from '../http';
import { createCocalcBackend } from './cocalc/backend';
import { cocalcClientFactory } from './cocalc/client';
import { createConduceBackend } from './conduce/backend';
import { conduceClientFactory } from './conduce/client';
import { createOctoPrintBackend } from './octoprint/backend';
import { createOctoPrintClient } from './octoprint/client';
import type { ProviderBackend } from './types';

export type { ProviderBackend } from './types';

/** Every provider's background half, by id. Providers without one only store keys. */
/** `http` sends no cookies; `sessionHttp` sends the browser's, for account APIs signed in in a tab. */
export function createProviderBackends(http: Http, sessionHttp: Http, now: () => number = Date.now): ReadonlyMap<string, ProviderBackend> {
  const backends = [
    createOctoPrintBackend(createOctoPrintClient(http), now),
    createCocalcBackend({ client: cocalcClientFactory(http, sessionHttp), now }),
    createConduceBackend({ client: conduceClientFactory(http, sessionHttp), now }),
  ];
  return new Map(backends.map((b) => [b.id, b]));
}
