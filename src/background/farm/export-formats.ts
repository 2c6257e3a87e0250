import type { Credential } from '../../shared/credential';
import { printerKeyProblem } from '../../providers/fdm-monster/preflight';
import { OCTOPRINT_TYPE } from '../../providers/fdm-monster/client';
import type { ExportFile, ExportFormat, ExportNote } from '../../shared/farm-export';
import { t } from '../../shared/i18n';

// The two files a farm manager imports, built from OctoPrint keys KeyDeck holds. Pure: the caller
// opens the secrets and offers the text. Each printer left out, or that the target will refuse, gets
// a note the user reads before saving.

/** OctoFarm's printer form refuses a name longer than 50 characters ("Printer names must be less than 50 characters"). */
const OCTOFARM_NAME_MAX = 50;
/** OctoFarm 1.x validates `apikey` as exactly 32 characters ("The apikey can not be greater than 32."). */
const OCTOFARM_KEY_LENGTH = 32;

/** The name a printer gets: what the farm list gave it (details.name), else its host. */
export function printerName(credential: Credential): string {
  return credential.details?.name?.trim() || new URL(credential.serviceUrl).host;
}

/** OctoPi serves the camera at /webcam/?action=stream on the printer's host. */
function cameraUrl(credential: Credential): string {
  return `${new URL(credential.serviceUrl).origin}/webcam/?action=stream`;
}

function usable(credential: Credential, notes: ExportNote[]): credential is Credential & { secrets: { apiKey: string } } {
  if (credential.provider !== 'octoprint') {
    notes.push({ credentialId: credential.id, message: t('farmExportNotOctoprint', credential.app, new URL(credential.serviceUrl).host) });
    return false;
  }
  if (!credential.secrets.apiKey) {
    notes.push({ credentialId: credential.id, message: t('farmExportNoKey', new URL(credential.serviceUrl).host) });
    return false;
  }
  return true;
}

/**
 * OctoFarm's `printers.json`: an array of `{name, group, printerURL, cameraURL, apikey}`, the fields
 * its own export writes and its import reads (OctoFarm/OctoFarm
 * client/js/pages/printer-manager/functions/printer-manager.functions.js `exportPrintersToJson`, and
 * printer-constructor.js `importPrinters`: a missing field becomes "Key not found"). Its save then
 * refuses an empty camera URL or name silently (printer-constructor.js `savePrinter`), so both are
 * always filled. OctoFarm takes only 32-character keys (OctoFarm issue #1400: "The apikey can not be
 * greater than 32."): a 43-character Application Key (OctoPrint 1.10.3+) is written, and said.
 */
export function octoFarmPrinters(credentials: readonly Credential[]): ExportFile {
  const notes: ExportNote[] = [];
  const printers = credentials.filter((c) => usable(c, notes)).map((credential) => {
    const key = credential.secrets.apiKey!;
    if (key.length !== OCTOFARM_KEY_LENGTH)
      notes.push({
        credentialId: credential.id,
        message: t('farmExportOctoFarmLength', new URL(credential.serviceUrl).host, String(key.length)),
      });
    return {
      name: printerName(credential).slice(0, OCTOFARM_NAME_MAX),
      group: credential.details?.group ?? '',
      printerURL: credential.serviceUrl,
      cameraURL: cameraUrl(credential),
      apikey: key,
    };
  });
  return { filename: 'printers.json', text: `${JSON.stringify(printers, null, 2)}\n`, secrets: printers.length, notes };
}

/** A YAML scalar: JSON's double-quoted string is also YAML's, so nothing in a name can break the file. */
const scalar = (value: string | number | boolean) => JSON.stringify(value);

/**
 * FDM Monster's YAML import (`POST /api/v2/server/yaml-import`, ../shared/fdm-monster.md §4, read from
 * @fdm-monster/server 2.1.1): `config`, `printers` (each with an `id` used only for mapping and
 * `enabled`, both required), and `floors`, which must be present even when empty. Printers are matched
 * by URL, so importing a newer file updates a printer's key instead of adding it twice. FDM Monster
 * answers success yet leaves out a printer whose key it does not take (32–43 letters, digits, - and _:
 * the error is only logged), and later aborts on the global API key: such keys are left out here, and
 * said.
 */
export function fdmMonsterYaml(credentials: readonly Credential[], exportedAt: Date): ExportFile {
  const notes: ExportNote[] = [];
  const lines: string[] = [];
  let count = 0;
  for (const credential of credentials) {
    if (!usable(credential, notes)) continue;
    const key = credential.secrets.apiKey!;
    const problem = printerKeyProblem(key);
    if (problem) {
      notes.push({ credentialId: credential.id, message: t('farmExportKeyProblem', new URL(credential.serviceUrl).host, problem) });
      continue;
    }
    if (credential.user === '_api') {
      notes.push({ credentialId: credential.id, message: t('farmExportGlobalKey', new URL(credential.serviceUrl).host) });
      continue;
    }
    count += 1;
    lines.push(
      `  - id: ${count}`,
      `    name: ${scalar(printerName(credential))}`,
      `    printerURL: ${scalar(credential.serviceUrl)}`,
      `    printerType: ${OCTOPRINT_TYPE}`,
      `    apiKey: ${scalar(key)}`,
      `    enabled: true`,
    );
  }
  const text = [
    `exportedAt: ${scalar(exportedAt.toISOString())}`,
    'config:',
    '  exportPrinters: true',
    '  exportFloorGrid: false',
    '  exportFloors: false',
    '  exportTags: false',
    '  printerComparisonStrategiesByPriority: [url]',
    '  floorComparisonStrategiesByPriority: name',
    lines.length ? 'printers:' : 'printers: []',
    ...lines,
    'floors: []',
    '',
  ].join('\n');
  return { filename: `keydeck-fdm-monster-${exportedAt.toISOString().slice(0, 10)}.yaml`, text, secrets: count, notes };
}

export function buildExport(format: ExportFormat, credentials: readonly Credential[], now: Date): ExportFile {
  return format === 'octofarm' ? octoFarmPrinters(credentials) : fdmMonsterYaml(credentials, now);
}
