import type { Credential } from '../../shared/credential';
import { t } from '../../shared/i18n';
import type { Http } from '../http';
import { createFdmMonsterClient, OCTOPRINT_TYPE, type FdmMonsterClient, type FdmPrinter, type PrinterAnswer, type PrinterBody } from './client';
import { refusalBeforeSending } from './preflight';

/** One OctoPrint key sent to FDM Monster, as the user reads it: FDM Monster's own verdict, in words. */
export type SendResult =
  | { status: 'created' | 'updated' | 'unchanged'; printerId: number; message: string }
  /** KeyDeck did not send it (global key, wrong shape, user lacks Admins/Operator…). */
  | { status: 'refused'; message: string }
  /** FDM Monster asked OctoPrint, and OctoPrint refused the key (424 "Authentication failed"). */
  | { status: 'key-rejected'; message: string }
  /** FDM Monster could not reach the printer from its own host (424 otherwise): may be saved anyway. */
  | { status: 'unreachable'; message: string; canForceSave: true }
  /** Anything else FDM Monster refused (400 validation and the like). */
  | { status: 'failed'; message: string };

export interface FdmMonsterTarget {
  serverUrl: string;
  /** An `fdmm_api_` key (OPERATOR is enough) or a signed-in user's JWT. */
  token: string;
}

export interface PrinterToSend {
  credential: Credential;
  /** The printer's name in FDM Monster when it is created (default: the server's host). */
  name?: string;
}

/** Same printer when scheme, host, port and path agree; FDM Monster strips a trailing slash itself. */
export function samePrinterUrl(a: string, b: string): boolean {
  const norm = (u: string) => {
    try {
      const url = new URL(u);
      return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      return u.replace(/\/+$/, '');
    }
  };
  return norm(a) === norm(b);
}

function verdict(answer: Exclude<PrinterAnswer, { ok: true }>, fdm: FdmMonsterClient, printerURL: string): SendResult {
  const printerHost = new URL(printerURL).host;
  if (answer.status === 424 && /authentication failed/i.test(answer.error))
    return {
      status: 'key-rejected',
      message: t('fdmSendKeyRejected', printerHost, answer.serviceCode ? ` (HTTP ${answer.serviceCode})` : ''),
    };
  if (answer.status === 424)
    return {
      status: 'unreachable',
      message: t('fdmSendUnreachable', fdm.host, printerURL, answer.error),
      canForceSave: true,
    };
  return { status: 'failed', message: t('fdmSendRefused', fdm.host, String(answer.status), answer.error) };
}

/**
 * Creates the printer, or — when FDM Monster already has one at the same printerURL — changes only its
 * key (name and address stay as they are). FDM Monster checks the key against OctoPrint first unless
 * `forceSave`. A problem with FDM Monster itself (unreachable, this key refused) throws: it concerns
 * every printer, not this one.
 */
export async function sendToFdmMonster(http: Http, target: FdmMonsterTarget, printer: PrinterToSend, { forceSave = false } = {}): Promise<SendResult> {
  return (await sendAllToFdmMonster(http, target, [printer], { forceSave }))[0]!;
}

/**
 * Several printers, one after the other, with FDM Monster's printer list asked for once: what each
 * send creates or changes is kept in that list, so two keys for one printerURL update one printer.
 * One at a time, because FDM Monster checks each key with its OctoPrint while the request waits.
 */
export async function sendAllToFdmMonster(
  http: Http,
  target: FdmMonsterTarget,
  printers: readonly PrinterToSend[],
  { forceSave = false } = {},
): Promise<SendResult[]> {
  const fdm = createFdmMonsterClient(http, target.serverUrl, target.token);
  let known: FdmPrinter[] | undefined;
  const results: SendResult[] = [];
  for (const printer of printers) {
    const refusal = refusalBeforeSending(printer.credential);
    if (refusal) {
      results.push({ status: 'refused', message: refusal });
      continue;
    }
    known ??= await fdm.listPrinters();
    results.push(await sendOne(fdm, known, printer, forceSave));
  }
  return results;
}

/** One printer against the list `known` (updated in place with what FDM Monster saved). */
async function sendOne(fdm: FdmMonsterClient, known: FdmPrinter[], printer: PrinterToSend, forceSave: boolean): Promise<SendResult> {
  const apiKey = printer.credential.secrets.apiKey!;
  const printerURL = printer.credential.serviceUrl;
  const existing = known.find((p) => samePrinterUrl(p.printerURL, printerURL));
  if (existing?.apiKey === apiKey)
    return { status: 'unchanged', printerId: existing.id, message: t('fdmSendUnchanged', existing.name) };
  const body: PrinterBody = existing
    ? { name: existing.name, printerURL: existing.printerURL, printerType: existing.printerType, apiKey }
    : { name: printer.name ?? new URL(printerURL).host, printerURL, printerType: OCTOPRINT_TYPE, apiKey };
  const answer = existing ? await fdm.updatePrinter(existing.id, body, forceSave) : await fdm.createPrinter(body, forceSave);
  if (!answer.ok) return verdict(answer, fdm, printerURL);
  if (existing) known.splice(known.indexOf(existing), 1, answer.printer);
  else known.push(answer.printer);
  const checked = forceSave ? t('fdmSendForced') : t('fdmSendChecked');
  return existing
    ? { status: 'updated', printerId: answer.printer.id, message: t('fdmSendUpdated', answer.printer.name, checked) }
    : { status: 'created', printerId: answer.printer.id, message: t('fdmSendCreated', answer.printer.name, checked) };
}
