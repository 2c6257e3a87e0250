import { t } from '../../shared/i18n';
import { apiKeyOf, type Credential } from '../../shared/credential';
import { KeyDeckError } from '../../shared/errors';
import type { FarmResult } from '../../shared/rotation';
import type { Http } from '../../providers/http';
import { createFdmMonsterClient, OCTOPRINT_TYPE, type FdmMonsterClient, type FdmPrinter, type PrinterAnswer } from '../../providers/fdm-monster/client';
import { fdmMonster } from '../../providers/fdm-monster';
import { samePrinterUrl } from '../../providers/fdm-monster/send';

/** The FDM Monsters KeyDeck holds a key for, one per server (its keys in the order they are held). */
function farmsOf(vault: readonly Credential[]): Map<string, Credential[]> {
  const farms = new Map<string, Credential[]>();
  for (const c of vault) if (c.provider === fdmMonster.id && c.secrets.apiKey) farms.set(c.serviceUrl, [...(farms.get(c.serviceUrl) ?? []), c]);
  return farms;
}

/** The printer list with the first of this server's keys FDM Monster accepts (a deleted key is skipped). */
async function listWithAny(http: Http, keys: Credential[]): Promise<{ fdm: FdmMonsterClient; printers: FdmPrinter[] }> {
  let refusal: unknown;
  for (const key of keys) {
    const fdm = createFdmMonsterClient(http, key.serviceUrl, apiKeyOf(key));
    try {
      return { fdm, printers: await fdm.listPrinters() };
    } catch (error) {
      if (!(error instanceof KeyDeckError && error.code === 'forbidden')) throw error;
      refusal = error;
    }
  }
  throw refusal;
}

function refusal(answer: Exclude<PrinterAnswer, { ok: true }>, printer: FdmPrinter): string {
  if (answer.status === 424 && /authentication failed/i.test(answer.error))
    return `FDM Monster checked the new key with OctoPrint for ${printer.name}, and OctoPrint rejected it. ${printer.name} keeps the old key.`;
  if (answer.status === 424) return `FDM Monster cannot reach ${printer.printerURL} from its own host (${answer.error}), so it did not take the new key. ${printer.name} keeps the old key.`;
  return `FDM Monster refused the new key for ${printer.name} (HTTP ${answer.status}): ${answer.error}. It keeps the old key.`;
}

/**
 * Puts the new key into every printer of every FDM Monster KeyDeck holds a key for that has the OLD
 * key for this printer's URL (a printer there with another key is not ours to change). FDM Monster
 * checks the new key with OctoPrint before it saves it, unless the user chose `forceSave` after it
 * could not reach the printer (KeyDeck has verified the key itself). A printer already holding the
 * new key (a retry) counts as updated. One result per FDM Monster; nothing here throws.
 */
export async function updateFarms(http: Http, vault: readonly Credential[], oldKey: Credential, newKey: Credential, { forceSave = false } = {}): Promise<FarmResult[]> {
  const [oldSecret, newSecret] = [apiKeyOf(oldKey), apiKeyOf(newKey)];
  const results: FarmResult[] = [];
  for (const [serverUrl, keys] of farmsOf(vault)) {
    const host = new URL(serverUrl).host;
    try {
      const { fdm, printers } = await listWithAny(http, keys);
      const ours = printers.filter((p) => samePrinterUrl(p.printerURL, oldKey.serviceUrl) && (p.apiKey === oldSecret || p.apiKey === newSecret));
      if (ours.length === 0) {
        results.push({ serverUrl, state: 'no-printer', message: t('rotateNoPrinter', host, new URL(oldKey.serviceUrl).host) });
        continue;
      }
      const problems: string[] = [];
      let unreachable = false;
      for (const printer of ours) {
        if (printer.apiKey === newSecret) continue;
        const body = { name: printer.name, printerURL: printer.printerURL, printerType: printer.printerType ?? OCTOPRINT_TYPE, apiKey: newSecret };
        const answer = await fdm.updatePrinter(printer.id, body, forceSave);
        if (answer.ok) continue;
        problems.push(refusal(answer, printer));
        if (answer.status === 424 && !/authentication failed/i.test(answer.error)) unreachable = true;
      }
      const names = ours.map((p) => p.name).join(', ');
      results.push(
        problems.length
          ? { serverUrl, state: 'failed', message: t('rotateFarmProblems', host, problems.join(' ')), ...(unreachable ? { canForceSave: true as const } : {}) }
          : { serverUrl, state: 'updated', message: t('rotateFarmUpdated', host, names) },
      );
    } catch (error) {
      const why = error instanceof KeyDeckError ? error.message : 'It answered something KeyDeck cannot read.';
      results.push({ serverUrl, state: 'failed', message: t('rotateFarmFailed', host, why) });
    }
  }
  return results;
}
