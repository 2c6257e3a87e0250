// Route table types and lookup. A path that matches a route pattern but not the
// method is a 405 (transcript "B01 GET on /request (wrong method)").
import type { Ctx } from './context';
import type { SimResponse } from './http-util';

/** Which OctoPrint blueprint answers: decides caching and CORS post-processing. */
export type Family = 'api' | 'plugin' | 'ui' | 'sim';

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  family: Family;
  /** Part of the appkeys plugin: gone (404) when the plugin is disabled. */
  appkeys?: boolean;
  handle(ctx: Ctx, params: string[]): SimResponse;
}

export function familyOf(path: string): Family {
  if (path.startsWith('/api/')) return 'api';
  if (path.startsWith('/plugin/')) return 'plugin';
  if (path.startsWith('/sim/')) return 'sim';
  return 'ui';
}

export interface Match {
  route: Route | undefined;
  /** Methods the path supports at all (empty: unknown path). */
  methods: string[];
  params: string[];
}

export function findRoute(routes: readonly Route[], method: string, path: string, pluginEnabled: boolean): Match {
  const wanted = method === 'HEAD' ? 'GET' : method;
  const methods: string[] = [];
  let found: { route: Route; params: string[] } | undefined;
  for (const route of routes) {
    if (route.appkeys && !pluginEnabled) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    methods.push(route.method);
    if (route.method === wanted && !found) found = { route, params: m.slice(1) };
  }
  return { route: found?.route, methods, params: found?.params ?? [] };
}

/** Werkzeug's Allow header, in the order the transcript shows (B10). */
export function allowHeader(methods: string[]): string {
  if (methods.includes('GET')) return ['HEAD', 'GET', ...methods.filter((m) => m !== 'GET'), 'OPTIONS'].join(', ');
  return ['OPTIONS', ...methods].join(', ');
}
