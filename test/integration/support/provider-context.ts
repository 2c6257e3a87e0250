import { createHttp } from '../../../src/providers/http';
import { createSessionHttp } from '../../../src/providers/session-http';
import type { ProviderContext } from '../../../src/providers/types';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings';

/**
 * What the background hands providers, built as create-services.ts builds it, over a fetch a test
 * chooses (the real one, one with a cookie jar, or one that plays a reverse proxy) and a test clock.
 */
export function createProviderContext({
  fetch: fetchImpl = fetch,
  now,
  settings = async () => DEFAULT_SETTINGS,
}: {
  fetch?: typeof fetch;
  now(): number;
  settings?(): Promise<Settings>;
}): ProviderContext {
  return { http: createHttp(fetchImpl), sessionHttp: createSessionHttp(fetchImpl), now, settings };
}
