import { t } from './i18n';

/**
 * Reads the `printers:` list of an FDM Monster YAML export (js-yaml's block style, as FDM Monster
 * writes it: ../shared/fdm-monster.md §4) into plain records of scalar strings. Only what a farm
 * needs: each printer's own top-level scalars (name, printerURL, printerType…); nested maps, flow
 * collections and multi-line scalars are skipped, not misread. Not a general YAML parser.
 */
export type YamlRecord = Record<string, string>;

export function yamlPrinters(text: string): { list: YamlRecord[] } | { error: string } {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^printers\s*:/.test(line));
  if (start < 0) return { error: t('farmYamlNoList') };
  const inline = lines[start]!.replace(/^printers\s*:/, '').replace(/\s#.*$/, '').trim();
  if (inline === '[]') return { list: [] };
  if (inline !== '') return { error: t('farmYamlNotBlock') };

  const list: YamlRecord[] = [];
  let current: YamlRecord | null = null;
  let itemIndent = -1;
  let keyIndent = -1;
  for (const raw of lines.slice(start + 1)) {
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    const body = raw.trimStart();
    const isItem = body === '-' || body.startsWith('- ');
    if (itemIndent < 0) {
      if (!isItem) break; // an empty block: the next top-level key
      itemIndent = indent;
    }
    if (indent < itemIndent || (indent === itemIndent && !isItem)) break; // the list is over
    if (indent === itemIndent && isItem) {
      current = {};
      list.push(current);
      const rest = body.slice(1);
      keyIndent = indent + 1 + (rest.length - rest.trimStart().length);
      if (rest.trim()) addPair(current, rest.trim());
      continue;
    }
    if (current && indent === keyIndent) addPair(current, body);
  }
  return { list };
}

function addPair(record: YamlRecord, text: string): void {
  const match = /^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$/.exec(text);
  if (!match) return;
  const value = scalar(match[2] ?? '');
  if (value !== null) record[match[1]!] = value;
}

/** A plain, single- or double-quoted scalar on one line; null for anything else (nested, flow, block). */
function scalar(text: string): string | null {
  const value = text.trim();
  if (value === '' || value === '|' || value === '>' || value.startsWith('[') || value.startsWith('{')) return null;
  if (value.startsWith("'")) {
    const end = value.lastIndexOf("'");
    return end > 0 ? value.slice(1, end).replace(/''/g, "'") : null;
  }
  if (value.startsWith('"')) {
    try {
      return JSON.parse(value.replace(/\s+#.*$/, '')) as string;
    } catch {
      return null;
    }
  }
  const plain = value.replace(/\s+#.*$/, '');
  return plain === 'null' || plain === '~' ? null : plain;
}
