/**
 * Derives each browser's manifest from the one top-level manifest.json, so the Firefox variant is
 * never kept by hand.
 */
export type Target = 'chrome' | 'firefox';

export const GECKO_ID = 'keydeck@keydeck.dev';
/** data_collection_permissions needs 140; with 142 web-ext lint has no version warnings for it. */
export const FIREFOX_MIN_VERSION = '142.0';
/** Test builds only: browser tests load pages from loopback (and see CoCalc's hand-over address) without a permission prompt. */
export const TEST_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*', 'https://127.0.0.1/*', 'https://authenticated/*'];
/**
 * Firefox's own Ctrl+Shift+K opens its Web Console (Command+Shift+K is free on a Mac, where the
 * console is Command+Option+K): there KeyDeck suggests Alt+Shift+K, so it neither takes the console's
 * key nor has its own shortcut silently not work. Users rebind it in either browser (README).
 */
export const FIREFOX_SHORTCUT = 'Alt+Shift+K';
/** Test builds only: browser tests read the browser's history and recently closed tabs from an extension page. */
export const TEST_PERMISSIONS = ['history', 'sessions'];

type Commands = Record<string, { suggested_key?: Record<string, string>; description?: string }>;

interface Manifest {
  background: { service_worker: string; type?: string };
  permissions: string[];
  [key: string]: unknown;
}

export function manifestFor(base: Manifest, target: Target, testBuild = false): Record<string, unknown> {
  const manifest: Record<string, unknown> = structuredClone(base);
  if (testBuild) {
    manifest.host_permissions = TEST_HOSTS;
    manifest.permissions = [...base.permissions, ...TEST_PERMISSIONS];
    manifest.optional_permissions = ((base.optional_permissions as string[] | undefined) ?? []).filter((p) => !TEST_PERMISSIONS.includes(p));
  }
  if (target === 'chrome') return manifest;
  return {
    ...manifest,
    // Firefox runs MV3 backgrounds as event pages: `scripts`, not `service_worker`.
    background: { scripts: [base.background.service_worker], type: base.background.type },
    // Firefox's background has its own clipboard; it has no offscreen documents.
    permissions: (manifest.permissions as string[]).filter((p) => p !== 'offscreen'),
    commands: firefoxCommands(manifest.commands as Commands | undefined),
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}

/** The same commands, with the suggested default that does not clash with Firefox's own shortcuts. */
function firefoxCommands(commands: Commands | undefined): Commands | undefined {
  if (!commands) return undefined;
  return Object.fromEntries(
    Object.entries(commands).map(([name, command]) => [
      name,
      command.suggested_key?.default === 'Ctrl+Shift+K' ? { ...command, suggested_key: { ...command.suggested_key, default: FIREFOX_SHORTCUT } } : command,
    ]),
  );
}
