import { describe, expect, test } from 'vitest';
import base from '../../manifest.json';
import { FIREFOX_MIN_VERSION, GECKO_ID, manifestFor, TEST_HOSTS } from '../../scripts/manifest-for';

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

  test('never uses storage.sync-only permissions or asks for everything up front', () => {
    expect(base.permissions).not.toContain('tabs');
    expect(base.permissions).not.toContain('<all_urls>');
  });
});
