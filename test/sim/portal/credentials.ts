// Throw-away credential values in the shapes the real services issue. Only the
// shapes are sourced; the values are random and never leave 127.0.0.1.
import { randomBytes, randomInt } from 'node:crypto';
import type { FinishField, PortalKeyFormat, PortalPrinter } from './types';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const base62 = (length: number): string => randomFrom(BASE62, length);

/**
 * OctoPrint key shapes (protocols.md "Key format"): secrets.token_urlsafe(32) = 43 chars of
 * [A-Za-z0-9_-] from 1.10.3, 32 upper-case hex before.
 */
export function octoPrintKey(format: PortalKeyFormat): string {
  return format === 'hex32' ? randomBytes(16).toString('hex').toUpperCase() : randomBytes(32).toString('base64url');
}

/**
 * CoCalc legacy account key: `sk_${generate()}` with random-key's generate() = 16 base62
 * characters (sagemathinc/cocalc src/packages/server/api/manage.ts, legacy version;
 * keys "start with sk_" per cocalc-doc source/api2/index.rst).
 */
export function cocalcLegacyKey(): string {
  return `sk_${base62(16)}`;
}

/**
 * One App Connection's values. Formats of the OE secrets are not documented; the shapes
 * follow what clients' tests show: the connection host is `app-<ID>.octoeverywhere.com`
 * (OE docs/app-connections/usage.md: "https://app-theverylongappconnectionid.octoeverywhere.com";
 * Mobileraker's tests use a 32-character id). These URLs are values only: never fetched.
 */
export function issueConnection(printer: PortalPrinter, key: string | null): Partial<Record<FinishField, string>> {
  const id = randomFrom(UPPER_ALNUM, 32);
  const values: Partial<Record<FinishField, string>> = {
    success: 'true',
    id,
    url: `https://app-${id.toLowerCase()}.octoeverywhere.com`,
    appApiToken: base62(40),
    printername: printer.name,
    userPrinterAccessUrl: `https://octoeverywhere.com/printer/${encodeURIComponent(printer.id)}`,
    printerLastKnownLocalIp: printer.localIp,
    authBasicHttpUser: base62(16),
    authBasicHttpPassword: base62(32),
    authBearerToken: base62(64),
  };
  if (key !== null) values.octoPrintApiKey = key;
  return values;
}

export function demoPrinters(): PortalPrinter[] {
  return [
    { id: randomFrom(UPPER_ALNUM, 24), name: 'Prusa MK4', localIp: '192.168.1.42' },
    { id: randomFrom(UPPER_ALNUM, 24), name: 'Ender 3 V2 (garage)', localIp: '192.168.1.77' },
  ];
}
