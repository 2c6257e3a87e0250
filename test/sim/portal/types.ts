// Public types of the portal simulator (OctoEverywhere App Portal + CoCalc legacy
// get_api_key sign-in) and of the hostile-page server. Sources for every name:
//   OE  = OctoEverywhere/api-docs docs/app-connections/portal.md (current docs)
//   OEL = OctoEverywhereDocs/octoeverywhere-api-docs docs/App-Portal-Integration.md and
//         docs/App-Connection-zOctoPrint-Auto-API-Key.md (legacy docs)
//   CC  = sagemathinc/cocalc src/packages/frontend/account/init.ts,
//         src/packages/server/api/manage.ts; sagemathinc/cocalc-doc source/apikeys.rst

/**
 * The finish-query fields, in the order the docs list them (OE "Completion Parameters").
 * `printername` is all lower-case in every doc version; `authBasicHttpUser`/`-Password`
 * are camel-case in OE but lower-case in OEL.
 */
export const FINISH_FIELDS = [
  'success', 'id', 'url', 'appApiToken', 'printername', 'userPrinterAccessUrl',
  'printerLastKnownLocalIp', 'authBasicHttpUser', 'authBasicHttpPassword', 'authBearerToken',
  'octoPrintApiKey',
] as const;
export type FinishField = (typeof FINISH_FIELDS)[number];

/** What the portal reports: everything / everything but the key (OE: ~5% of attempts) / success=false only. */
export type PortalOutcome = 'success' | 'no-api-key' | 'failure';

/**
 * Name casing of the finish query. camel = OE; mixed = OEL (authbasichttpuser and
 * authbasichttppassword lower-case, the rest as OE: what OctoApp and Mobileraker parse);
 * lower / upper = every name folded.
 */
export type ParamCase = 'camel' | 'lower' | 'upper' | 'mixed';

/** OctoPrint key shapes: secrets.token_urlsafe(32) (1.10.3+) or 32 upper-case hex (older). */
export type PortalKeyFormat = 'urlsafe43' | 'hex32';

/** How the CoCalc sign-in hands the key over: the frontend's JS navigation (CC init.ts) or a 302 (apikeys.rst). */
export type CocalcDelivery = 'script' | 'redirect';

/** Everything a test may change between runs (`sim.configure()`), all optional in the options. */
export interface PortalControls {
  outcome: PortalOutcome;
  paramCase: ParamCase;
  keyFormat: PortalKeyFormat;
  /** Replace a finish value (name matched case-insensitively) or append a new parameter. */
  overrides: Record<string, string>;
  /** Appended verbatim after the overrides (duplicate or oddly-cased names). */
  extraParams: Array<[string, string]>;
  cocalcDelivery: CocalcDelivery;
  /** Delay before the CoCalc script navigates; CoCalc waits 2000 ms (CC init.ts). */
  cocalcDelayMs: number;
}

export interface PortalPrinter {
  id: string;
  name: string;
  localIp: string;
}

export interface PortalSimOptions extends Partial<PortalControls> {
  /** Port to listen on (default 0 = random). Always 127.0.0.1. */
  port?: number;
  /** The user's printers offered on the start page (default: two demo printers). */
  printers?: PortalPrinter[];
}

/** Start-URL parameters (OE "Query Parameters"); `legacyAppNameSpelling` uses OEL's `OctoPrintApiKeyAppName`. */
export interface PortalStartParams {
  appId?: string;
  returnUrl?: string;
  printerId?: string;
  appLogoUrl?: string;
  octoPrintApiKeyAppName?: string;
  legacyAppNameSpelling?: boolean;
}

export interface PortalFinish {
  /** The exact Location header the portal answered with. */
  location: string;
  returnUrl: string;
  outcome: PortalOutcome;
  paramCase: ParamCase;
  /** Name/value pairs as sent (values decoded), overrides and extras applied, in order. */
  params: Array<[string, string]>;
  /** Values the portal generated, before overrides (absent fields were not issued). */
  issued: Partial<Record<FinishField, string>>;
  /** Values of the known fields as actually sent (after overrides). */
  effective: Partial<Record<FinishField, string>>;
  appId: string;
  appName: string | null;
  printer: PortalPrinter;
  at: number;
}

export interface RequestLogEntry {
  method: string;
  /** Raw request target (path and query). */
  path: string;
  /** Lower-cased header names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** Request body as text ('' when none). */
  body: string;
  at: number;
}

export interface PortalSim {
  /** http://127.0.0.1:PORT (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** `${url}/appportal/v1` and the default return URL `${url}/appportal/v1/complete`. */
  readonly portalUrl: string;
  readonly completeUrl: string;
  readonly printers: readonly PortalPrinter[];
  readonly requestLog: RequestLogEntry[];
  readonly controls: Readonly<PortalControls>;
  /** The last finish redirect (null before the first), and all of them in order. */
  readonly lastFinish: PortalFinish | null;
  readonly finishes: readonly PortalFinish[];
  /** The last CoCalc legacy key handed over (`sk_` + 16 base62), and all of them. */
  readonly lastCocalcKey: string | null;
  readonly cocalcKeys: readonly string[];
  configure(patch: Partial<PortalControls>): void;
  /** The start URL with these parameters (appId defaults to OE's public test id `devtest`). */
  startUrl(params?: PortalStartParams): string;
  /** `${url}/app?get_api_key=NAME`. */
  cocalcUrl(appName?: string): string;
  close(): Promise<void>;
}

export interface HostilePage {
  name: string;
  /** Path (with query/fragment) on the hostile server. */
  path: string;
  description: string;
}

/** The forged credentials the hostile pages carry; none of them may ever be captured. */
export interface ForgedValues {
  octoPrintApiKey: string;
  cocalcKey: string;
  appApiToken: string;
  bearerToken: string;
  connectionUrl: string;
}

export interface HostileSim {
  /** http://127.0.0.1:PORT of the hostile server (another origin than the portal). */
  readonly origin: string;
  readonly port: number;
  readonly portalOrigin: string;
  readonly pages: readonly HostilePage[];
  readonly forged: Readonly<ForgedValues>;
  readonly requestLog: RequestLogEntry[];
  /** Absolute URL of a page by name; throws for an unknown name. */
  url(name: string): string;
  close(): Promise<void>;
}

export interface HostileSimOptions {
  /** Origin of the portal simulator the pages imitate / target (e.g. portal.url). */
  portalOrigin: string;
  port?: number;
}
