import { t } from './i18n';
import { normaliseServiceUrl } from './validation';
import { yamlPrinters } from './farm-yaml';

/**
 * What a farm operator pastes or imports, read into a list of OctoPrint servers: one URL per line
 * (a bare host means http://), a last-octet range such as `http://10.0.0.21-40:80`, an OctoFarm
 * `printers.json`, or an FDM Monster YAML export. Keys a file may carry are ignored: the farm asks
 * each server for a new one. Every line or entry that cannot be used is named with the reason.
 */
export interface FarmServerInput {
  /** The normalised base URL (no trailing slash): what the farm and its flows are keyed by. */
  url: string;
  name?: string;
  group?: string;
}

export interface FarmInputProblem {
  /** 1-based line of the pasted text, or the entry's position in a file (`entry`). */
  where: string;
  message: string;
}

export type FarmInputFormat = 'lines' | 'octofarm' | 'fdm-monster-yaml';

export interface ParsedFarmInput {
  format: FarmInputFormat;
  servers: FarmServerInput[];
  problems: FarmInputProblem[];
  /** Entries dropped because an earlier one had the same URL. */
  duplicates: number;
}

/** The most servers one range may name (a whole last octet). */
export const MAX_RANGE = 256;
/** The most servers one farm holds: far above the 200 it is built for, low enough to stay a page. */
export const MAX_FARM_SERVERS = 1000;
const MAX_NAME = 120;

const RANGE = /^(https?:\/\/)?(\d{1,3}\.\d{1,3}\.\d{1,3}\.)(\d{1,3})-(\d{1,3})((?::\d+)?(?:\/.*)?)$/i;

export function detectFormat(text: string): FarmInputFormat {
  const start = text.trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return 'octofarm';
  if (/^printers\s*:/m.test(text)) return 'fdm-monster-yaml';
  return 'lines';
}

export function parseFarmInput(text: string): ParsedFarmInput {
  const format = detectFormat(text);
  const collected = format === 'octofarm' ? fromOctoFarm(text) : format === 'fdm-monster-yaml' ? fromYaml(text) : fromLines(text);
  const seen = new Set<string>();
  const servers: FarmServerInput[] = [];
  let duplicates = 0;
  for (const server of collected.servers) {
    if (seen.has(server.url)) {
      duplicates++;
      continue;
    }
    seen.add(server.url);
    servers.push(server);
  }
  const problems = [...collected.problems];
  if (servers.length > MAX_FARM_SERVERS) {
    problems.push({ where: t('farmWhereList'), message: t('farmTooManyServers', String(MAX_FARM_SERVERS)) });
    servers.length = MAX_FARM_SERVERS;
  }
  return { format, servers, problems, duplicates };
}

type Collected = { servers: FarmServerInput[]; problems: FarmInputProblem[] };

function fromLines(text: string): Collected {
  const out: Collected = { servers: [], problems: [] };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = t('farmWhereLine', String(index + 1));
    const range = RANGE.exec(line);
    if (range) return expandRange(range, where, out);
    const url = serverUrl(line);
    if ('error' in url) out.problems.push({ where, message: t('farmLineProblem', clip(line), url.error) });
    else out.servers.push({ url: url.url });
  });
  return out;
}

function expandRange([, scheme = 'http://', prefix, fromText, toText, rest]: RegExpExecArray, where: string, out: Collected): void {
  const from = Number(fromText);
  const to = Number(toText);
  const shown = `${prefix}${fromText}-${toText}`;
  if (from > 255 || to > 255) return void out.problems.push({ where, message: t('farmRangeOctet', shown) });
  if (from > to) return void out.problems.push({ where, message: t('farmRangeDown', shown, String(to), String(from)) });
  if (to - from + 1 > MAX_RANGE) return void out.problems.push({ where, message: t('farmRangeTooLong', shown, String(MAX_RANGE)) });
  for (let octet = from; octet <= to; octet++) {
    const url = serverUrl(`${scheme}${prefix}${octet}${rest}`);
    if ('error' in url) return void out.problems.push({ where, message: t('farmLineProblem', shown, url.error) });
    out.servers.push({ url: url.url });
  }
}

/** A full URL, or a bare host (which OctoPrint on a LAN serves over plain http). */
function serverUrl(text: string): { url: string } | { error: string } {
  // `host:5000` is a bare host with a port; `name:` followed by anything else is a scheme.
  const withScheme = /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text) ? text : `http://${text}`;
  const normalised = normaliseServiceUrl(withScheme);
  if ('error' in normalised) return normalised;
  const { hostname } = new URL(normalised.url);
  if (!hostname || /\s/.test(text)) return { error: t('farmNotAddress') };
  return normalised;
}

function fromOctoFarm(text: string): Collected {
  const out: Collected = { servers: [], problems: [] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { servers: [], problems: [{ where: t('farmWhereFile'), message: t('farmNotJson') }] };
  }
  // OctoFarm exports a plain array; accept { printers: [...] } too.
  const list = Array.isArray(data) ? data : Array.isArray((data as { printers?: unknown })?.printers) ? (data as { printers: unknown[] }).printers : null;
  if (!list) return { servers: [], problems: [{ where: t('farmWhereFile'), message: t('farmNotPrinterList') }] };
  list.forEach((entry, index) => {
    const record = (entry ?? {}) as Record<string, unknown>;
    const name = text255(record.name ?? record.printerName ?? (record.settingsAppearance as { name?: unknown } | undefined)?.name);
    const group = text255(record.group);
    addEntry(out, printerWhere(index, name), record.printerURL, name, group);
  });
  return out;
}

function fromYaml(text: string): Collected {
  const out: Collected = { servers: [], problems: [] };
  const printers = yamlPrinters(text);
  if ('error' in printers) return { servers: [], problems: [{ where: t('farmWhereFile'), message: printers.error }] };
  printers.list.forEach((record, index) => {
    const name = text255(record.name);
    // FDM Monster's printerType 0 is OctoPrint (1 Moonraker, 2 PrusaLink, 3 Bambu): only OctoPrint gets keys here.
    if (record.printerType !== undefined && record.printerType !== '0')
      return void out.problems.push({ where: printerWhere(index, name), message: t('farmNotOctoprint') });
    addEntry(out, printerWhere(index, name), record.printerURL, name, undefined);
  });
  return out;
}

/** Where a file's problem is: the printer's place in the list, and its name when it has one. */
const printerWhere = (index: number, name: string | undefined) => (name ? t('farmWherePrinterNamed', String(index + 1), name) : t('farmWherePrinter', String(index + 1)));

function addEntry(out: Collected, where: string, rawUrl: unknown, name: string | undefined, group: string | undefined): void {
  if (typeof rawUrl !== 'string' || rawUrl.trim() === '') return void out.problems.push({ where, message: t('farmNoPrinterUrl') });
  const url = serverUrl(rawUrl.trim());
  if ('error' in url) return void out.problems.push({ where, message: t('farmLineProblem', clip(rawUrl), url.error) });
  out.servers.push({ url: url.url, ...(name ? { name } : {}), ...(group ? { group } : {}) });
}

function text255(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return text ? text.slice(0, MAX_NAME) : undefined;
}

const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);
