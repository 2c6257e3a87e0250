// Entry point: startPortalSim() starts, on 127.0.0.1, an OctoEverywhere-like App Portal
// (OctoEverywhere/api-docs docs/app-connections/portal.md) and a CoCalc-like legacy
// `/app?get_api_key=NAME` sign-in (sagemathinc/cocalc, cocalc-doc source/apikeys.rst), for
// finish-page capture tests. startHostileSim() (hostile.ts) serves look-alike pages from
// another origin. Nothing here makes an outbound request.
import { demoPrinters } from './credentials';
import { html, notFound, page, startServer, type SimRequest, type SimResponse } from './http';
import { COCALC_APP_PATH, routeCocalc } from './routes-cocalc';
import { COMPLETE_PATH, PORTAL_PATH, routePortal } from './routes-oe';
import type { PortalState } from './state';
import type { PortalControls, PortalSim, PortalSimOptions, PortalStartParams, RequestLogEntry } from './types';

export type * from './types';
export { FINISH_FIELDS } from './types';
export { paramName } from './finish';
export { handOverUrl } from './routes-cocalc';
export { COMPLETE_TEXT, COMPLETE_TITLE, PORTAL_TITLE } from './pages-oe';
export { COCALC_TITLE } from './pages-cocalc';
export { startHostileSim } from './hostile';

/** OE's public test App ID ("Try The Demo Portal": `?appid=devtest`). */
export const DEVTEST_APP_ID = 'devtest';

export const DEFAULT_CONTROLS: Readonly<PortalControls> = {
  outcome: 'success',
  paramCase: 'camel',
  keyFormat: 'urlsafe43',
  overrides: {},
  extraParams: [],
  cocalcDelivery: 'script',
  cocalcDelayMs: 2000,
};

function controlsFrom(options: PortalSimOptions): PortalControls {
  const c: PortalControls = { ...DEFAULT_CONTROLS, overrides: {}, extraParams: [] };
  applyPatch(c, options);
  return c;
}

function applyPatch(c: PortalControls, patch: Partial<PortalControls>): void {
  if (patch.outcome !== undefined) c.outcome = patch.outcome;
  if (patch.paramCase !== undefined) c.paramCase = patch.paramCase;
  if (patch.keyFormat !== undefined) c.keyFormat = patch.keyFormat;
  if (patch.overrides !== undefined) c.overrides = { ...patch.overrides };
  if (patch.extraParams !== undefined) c.extraParams = patch.extraParams.map(([k, v]): [string, string] => [k, v]);
  if (patch.cocalcDelivery !== undefined) c.cocalcDelivery = patch.cocalcDelivery;
  if (patch.cocalcDelayMs !== undefined) c.cocalcDelayMs = patch.cocalcDelayMs;
}

function indexPage(): SimResponse {
  return html(200, page('Portal simulator', '<ul>\n' +
    `<li><a id="oe-start" href="${PORTAL_PATH}?appId=devtest&amp;octoPrintApiKeyAppName=KeyDeck">OctoEverywhere App Portal</a></li>\n` +
    `<li><a id="cocalc-start" href="${COCALC_APP_PATH}?get_api_key=keydeck">CoCalc legacy API key sign-in</a></li>\n</ul>`));
}

export async function startPortalSim(options: PortalSimOptions = {}): Promise<PortalSim> {
  const printers = (options.printers ?? demoPrinters()).map((p) => ({ ...p }));
  if (printers.length === 0) throw new Error('startPortalSim: at least one printer is needed');
  const state: PortalState = {
    controls: controlsFrom(options),
    printers,
    sessions: new Map(),
    finishes: [],
    cocalcKeys: [],
    completeUrl: '',
  };
  const requestLog: RequestLogEntry[] = [];
  const handler = (req: SimRequest): SimResponse => {
    if (req.path === '/' && req.method === 'GET') return indexPage();
    return routePortal(state, req) ?? routeCocalc(state, req) ?? notFound();
  };
  const server = await startServer(handler, requestLog, options.port ?? 0);
  const url = server.origin;
  state.completeUrl = `${url}${COMPLETE_PATH}`;

  return {
    url,
    port: server.port,
    portalUrl: `${url}${PORTAL_PATH}`,
    completeUrl: state.completeUrl,
    printers: state.printers,
    requestLog,
    get controls(): Readonly<PortalControls> {
      return state.controls;
    },
    get lastFinish() {
      return state.finishes.at(-1) ?? null;
    },
    get finishes() {
      return state.finishes;
    },
    get lastCocalcKey() {
      return state.cocalcKeys.at(-1) ?? null;
    },
    get cocalcKeys() {
      return state.cocalcKeys;
    },
    configure(patch: Partial<PortalControls>): void {
      applyPatch(state.controls, patch);
    },
    startUrl(params: PortalStartParams = {}): string {
      const q = new URLSearchParams();
      q.set('appId', params.appId ?? DEVTEST_APP_ID);
      if (params.returnUrl !== undefined) q.set('returnUrl', params.returnUrl);
      if (params.printerId !== undefined) q.set('printerId', params.printerId);
      if (params.appLogoUrl !== undefined) q.set('appLogoUrl', params.appLogoUrl);
      if (params.octoPrintApiKeyAppName !== undefined)
        q.set(params.legacyAppNameSpelling ? 'OctoPrintApiKeyAppName' : 'octoPrintApiKeyAppName', params.octoPrintApiKeyAppName);
      return `${url}${PORTAL_PATH}?${q.toString()}`;
    },
    cocalcUrl(appName = 'keydeck'): string {
      return `${url}${COCALC_APP_PATH}?get_api_key=${encodeURIComponent(appName)}`;
    },
    close: () => server.close(),
  };
}
