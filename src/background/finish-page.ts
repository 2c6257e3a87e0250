import { checkKeyBasics, CONTROL } from '../shared/validation';
import { cocalc } from '../providers/cocalc';
import { octoprint } from '../providers/octoprint';

/**
 * Parsers for the "finish" URLs that hand credentials over exactly once. Pure functions: every value
 * is checked for shape before anything is stored, and a failure says what was wrong.
 * OctoEverywhere App Portal: docs/app-connections/portal.md (parameter-name case varies between
 * versions, so names are matched case-insensitively; URLSearchParams decodes the values).
 */
export interface PortalConnection {
  connectionUrl: string;
  /** OctoEverywhere's id of this App Connection (the finish query's `id`), not a printer id. */
  connectionId?: string;
  printerName?: string;
  accessUrl?: string;
  localIp?: string;
  basicUser?: string;
  basicPassword?: string;
  bearerToken?: string;
  appToken?: string;
  /** Absent when the portal could not make an OctoPrint key. */
  apiKey?: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const MAX_FIELD = 2048;

function query(url: URL): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    const key = name.toLowerCase();
    if (!fields.has(key)) fields.set(key, value); // the first wins: a repeated name cannot override it
  }
  return fields;
}

function httpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

const FIELDS = {
  url: 'connectionUrl',
  id: 'connectionId',
  printername: 'printerName',
  userprinteraccessurl: 'accessUrl',
  printerlastknownlocalip: 'localIp',
  authbasichttpuser: 'basicUser',
  authbasichttppassword: 'basicPassword',
  authbearertoken: 'bearerToken',
  appapitoken: 'appToken',
  octoprintapikey: 'apiKey',
} as const satisfies Record<string, keyof PortalConnection>;

export function parsePortalFinish(finishUrl: string): Parsed<PortalConnection> {
  let url: URL;
  try {
    url = new URL(finishUrl);
  } catch {
    return { ok: false, error: 'The finish page address could not be read.' };
  }
  const fields = query(url);
  const success = fields.get('success')?.toLowerCase();
  if (success !== 'true')
    return { ok: false, error: 'OctoEverywhere reports that the connection was not made (success=false). Nothing was saved.' };

  const found: Partial<Record<keyof PortalConnection, string>> = {};
  for (const [name, field] of Object.entries(FIELDS) as [keyof typeof FIELDS, keyof PortalConnection][]) {
    const value = fields.get(name);
    if (value === undefined || value === '') continue;
    if (value.length > MAX_FIELD || CONTROL.test(value))
      return { ok: false, error: `The finish page's "${name}" value is malformed (too long, or control characters). Nothing was saved.` };
    found[field] = value;
  }
  if (!found.connectionUrl || !httpUrl(found.connectionUrl))
    return { ok: false, error: 'The finish page carries no usable connection URL (it must be http or https). Nothing was saved.' };
  if (found.accessUrl && !httpUrl(found.accessUrl))
    return { ok: false, error: 'The finish page carries an access URL that is not http or https. Nothing was saved.' };
  if (found.apiKey && (checkKeyBasics(found.apiKey) ?? octoprint.checkKey(found.apiKey)))
    return { ok: false, error: 'The OctoPrint key on the finish page has the wrong shape (32 hex or 43 url-safe characters). Nothing was saved.' };
  return { ok: true, value: { ...found, connectionUrl: found.connectionUrl } };
}

/** CoCalc's legacy flow navigates to `https://authenticated?api_key=KEY`: a host that does not resolve. */
export function parseCocalcLegacy(finishUrl: string): Parsed<{ apiKey: string }> {
  let url: URL;
  try {
    url = new URL(finishUrl);
  } catch {
    return { ok: false, error: 'The address could not be read.' };
  }
  if (url.protocol !== 'https:' || url.hostname !== 'authenticated') return { ok: false, error: 'Not CoCalc’s key hand-over address.' };
  const apiKey = query(url).get('api_key') ?? '';
  const problem = checkKeyBasics(apiKey) ?? cocalc.checkKey(apiKey);
  return problem ? { ok: false, error: `CoCalc handed over a key of the wrong shape: ${problem} Nothing was saved.` } : { ok: true, value: { apiKey } };
}

export function isCocalcHandOver(url: string): boolean {
  return /^https:\/\/authenticated(?:[/?#:]|$)/i.test(url);
}
