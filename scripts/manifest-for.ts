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

interface Manifest {
  background: { service_worker: string; type?: string };
  permissions: string[];
  [key: string]: unknown;
}

export function manifestFor(base: Manifest, target: Target, testBuild = false): Record<string, unknown> {
  const manifest: Record<string, unknown> = structuredClone(base);
  if (testBuild) manifest.host_permissions = TEST_HOSTS;
  if (target === 'chrome') return manifest;
  return {
    ...manifest,
    // Firefox runs MV3 backgrounds as event pages: `scripts`, not `service_worker`.
    background: { scripts: [base.background.service_worker], type: base.background.type },
    // Firefox's background has its own clipboard; it has no offscreen documents.
    permissions: base.permissions.filter((p) => p !== 'offscreen'),
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ['none'] },
      },
    },
  };
}
