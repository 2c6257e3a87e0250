import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import base from '../../manifest.json';
import { FIREFOX_MIN_VERSION, FIREFOX_SHORTCUT, GECKO_ID, manifestFor, TEST_HOSTS, TEST_PERMISSIONS } from '../../scripts/manifest-for';

describe('manifestFor', () => {
  test('the shipped manifests ask for no website access at install', () => {
    for (const target of ['chrome', 'firefox'] as const) {
      const manifest = manifestFor(base, target);
      expect(manifest.host_permissions).toBeUndefined();
      expect(manifest.content_scripts).toBeUndefined();
      expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    }
  });

  test('Firefox gets an event page, its gecko id and no offscreen permission, derived from the one manifest', () => {
    const firefox = manifestFor(base, 'firefox');
    expect(firefox.background).toEqual({ scripts: [base.background.service_worker], type: 'module' });
    expect(firefox.browser_specific_settings).toEqual({
      gecko: { id: GECKO_ID, strict_min_version: FIREFOX_MIN_VERSION, data_collection_permissions: { required: ['none'] } },
    });
    expect(firefox.permissions).not.toContain('offscreen');
    expect(manifestFor(base, 'chrome').permissions).toContain('offscreen');
  });

  test('only the test build pre-grants loopback hosts', () => {
    expect(manifestFor(base, 'chrome', true).host_permissions).toEqual(TEST_HOSTS);
    expect(manifestFor(base, 'firefox', true).host_permissions).toEqual(TEST_HOSTS);
  });

  test('history is only optional when shipped; the test build reads history and recently closed tabs', () => {
    for (const target of ['chrome', 'firefox'] as const) {
      const shipped = manifestFor(base, target);
      expect(shipped.permissions).not.toContain('history');
      expect(shipped.permissions).not.toContain('sessions');
      expect(shipped.optional_permissions).toEqual(['history']);
      expect(shipped.permissions).toEqual(expect.arrayContaining(['webRequest', 'declarativeNetRequestWithHostAccess']));
      const test = manifestFor(base, target, true);
      expect(test.permissions).toEqual(expect.arrayContaining(TEST_PERMISSIONS));
      expect(test.optional_permissions).toEqual([]);
    }
  });

  test("a keyboard shortcut opens the popup: Ctrl+Shift+K in Chrome, not Firefox's Web Console key in Firefox", () => {
    const shortcut = (target: 'chrome' | 'firefox') =>
      (manifestFor(base, target).commands as Record<string, { suggested_key: Record<string, string> }>)._execute_action!.suggested_key;
    expect(shortcut('chrome')).toEqual({ default: 'Ctrl+Shift+K', mac: 'Command+Shift+K' });
    expect(shortcut('firefox')).toEqual({ default: FIREFOX_SHORTCUT, mac: 'Command+Shift+K' });
    expect(FIREFOX_SHORTCUT).not.toBe('Ctrl+Shift+K');
    // No other command: `_execute_action` needs no permission and no listener in the background.
    expect(Object.keys(manifestFor(base, 'firefox').commands as object)).toEqual(['_execute_action']);
  });

  test("the options page is the popup's app in a tab, in both browsers", () => {
    for (const target of ['chrome', 'firefox'] as const)
      expect(manifestFor(base, target).options_ui).toEqual({ page: 'src/options/index.html', open_in_tab: true });
    const page = readFileSync(resolve('src/options/index.html'), 'utf8');
    expect(page).toMatch(/<html[^>]*data-view="tab"/);
    expect(page).toContain('src="../popup/main.tsx"');
  });

  test('asks for neither every tab nor every site up front', () => {
    expect(base.permissions).not.toContain('tabs');
    expect(base.permissions).not.toContain('<all_urls>');
  });
});

/** Every file under `dir` whose name ends with one of `exts`. */
function filesUnder(dir: string, exts: string[]): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && exts.some((ext) => entry.name.endsWith(ext)))
    .map((entry) => join(entry.parentPath, entry.name));
}

// `storage.sync` written out, or reached by a computed name ("sync" as a string right after `storage[`).
// The polyfill's own API table (`sync:{clear:…}`) is not a use and does not match.
const USES_SYNC = /\bstorage\s*(\?\.|\.)\s*sync\b|\bstorage\s*\[\s*['"`]sync['"`]\s*\]/;

describe('storage.sync: keys are never stored there', () => {
  test('the check recognises a use', () => {
    for (const use of ['browser.storage.sync.set({})', 'chrome.storage?.sync.get()', "api.storage['sync'].set(x)", 'e.storage.sync'])
      expect(use).toMatch(USES_SYNC);
    for (const other of ['storage.local.set({})', 'storage.session', 'sync:{clear:{minArgs:0}}', 'storage.synchronise']) expect(other).not.toMatch(USES_SYNC);
  });

  test('no source under src/ uses storage.sync', () => {
    const sources = filesUnder(resolve('src'), ['.ts', '.tsx']);
    expect(sources.length).toBeGreaterThan(10);
    expect(sources.filter((file) => USES_SYNC.test(readFileSync(file, 'utf8')))).toEqual([]);
  });

  test('no built bundle (dist-test, both browsers) uses storage.sync', () => {
    for (const target of ['chrome', 'firefox']) {
      const dir = resolve('dist-test', target);
      if (!existsSync(dir)) throw new Error(`${dir} is missing: run npm run build:test first`);
      const bundles = filesUnder(dir, ['.js']);
      expect(bundles.length).toBeGreaterThan(2);
      expect(bundles.filter((file) => USES_SYNC.test(readFileSync(file, 'utf8')))).toEqual([]);
    }
  });
});
