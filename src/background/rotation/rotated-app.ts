import { APP_NAME_MAX } from '../../shared/validation';

const SUFFIX = / \(rotated \d{4}-\d{2}-\d{2}(?: \d+)?\)$/;

/**
 * The app name a rotated key is asked for. OctoPrint keeps one key per user and app and hands the
 * existing one back to a second request for the same app (appkeys `_add_api_key`; protocols.md), so
 * a new key while the old one still works needs another name: "OctoFarm (rotated 2026-11-27)", with a
 * number when that is taken (case-insensitively, as OctoPrint compares). A name rotated before loses
 * its old suffix first. Within OctoPrint's and KeyDeck's 60 characters.
 */
export function rotatedAppName(app: string, at: Date, taken: readonly string[]): string {
  const base = app.replace(SUFFIX, '').trim() || app;
  const day = at.toISOString().slice(0, 10);
  const used = new Set([app, ...taken].map((name) => name.toLowerCase()));
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ` (rotated ${day})` : ` (rotated ${day} ${n})`;
    const name = `${base.slice(0, APP_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
    if (!used.has(name.toLowerCase())) return name;
  }
}
