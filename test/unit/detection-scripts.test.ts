import { describe, expect, test, vi } from 'vitest';
import { SCRIPT_ID, syncDetectionScripts, type DetectionScriptsDeps } from '../../src/background/detection-scripts';
import { EVERYWHERE } from '../../src/shared/detection';
import type { VaultEntry } from '../../src/shared/credential';
import { PROVIDERS } from '../../src/providers/registry';

const credential = (provider: string, serviceUrl: string): VaultEntry => ({
  id: serviceUrl,
  provider,
  serviceUrl,
  app: 'app',
  secretFields: [],
  source: 'manual',
  createdAt: 0,
});

function deps(overrides: Partial<DetectionScriptsDeps> = {}): DetectionScriptsDeps {
  return {
    providers: PROVIDERS,
    listCredentials: async () => [],
    detectEverywhere: async () => false,
    hasOrigins: async () => true,
    registeredMatches: async () => null,
    register: vi.fn(async () => undefined),
    update: vi.fn(async () => undefined),
    unregister: vi.fn(async () => undefined),
    ...overrides,
  };
}

describe('syncDetectionScripts', () => {
  test('registers on the granted hosts of OctoPrint servers held, once each, on any port', async () => {
    const d = deps({
      listCredentials: async () => [
        credential('octoprint', 'http://octopi.local:5000/octoprint'),
        credential('octoprint', 'http://octopi.local'),
        credential('octoprint', 'https://printer.example'),
        credential('cocalc', 'https://cocalc.com'),
      ],
      hasOrigins: async ([origin]) => origin !== 'https://printer.example/*',
    });
    await expect(syncDetectionScripts(d)).resolves.toEqual(['http://octopi.local/*']);
    expect(d.register).toHaveBeenCalledWith(expect.objectContaining({ id: SCRIPT_ID, js: ['content.js'], matches: ['http://octopi.local/*'] }));
  });

  test('registers everywhere only when the user opted in and granted it', async () => {
    await expect(syncDetectionScripts(deps({ detectEverywhere: async () => true }))).resolves.toEqual(EVERYWHERE);
    const declined = deps({ detectEverywhere: async () => true, hasOrigins: async (o) => o !== EVERYWHERE });
    await expect(syncDetectionScripts(declined)).resolves.toEqual([]);
  });

  test('is idempotent: the same matches change nothing, other matches update in place, none unregisters', async () => {
    const held = async () => [credential('octoprint', 'http://octopi.local')];
    const same = deps({ listCredentials: held, registeredMatches: async () => ['http://octopi.local/*'] });
    await syncDetectionScripts(same);
    expect([same.register, same.update, same.unregister].map((f) => vi.mocked(f).mock.calls.length)).toEqual([0, 0, 0]);

    const other = deps({ listCredentials: held, registeredMatches: async () => ['http://old.local/*'] });
    await syncDetectionScripts(other);
    expect(other.update).toHaveBeenCalledWith(expect.objectContaining({ matches: ['http://octopi.local/*'] }));
    expect(other.register).not.toHaveBeenCalled();

    const none = deps({ registeredMatches: async () => ['http://old.local/*'] });
    await syncDetectionScripts(none);
    expect(none.unregister).toHaveBeenCalledWith(SCRIPT_ID);
    expect(none.register).not.toHaveBeenCalled();
  });

  test('a provider that does not detect on its servers adds no match, whatever its id', async () => {
    const d = deps({ listCredentials: async () => [credential('conduce', 'https://conduce.example')] });
    await expect(syncDetectionScripts(d)).resolves.toEqual([]);
  });

  test('a damaged vault means detecting nowhere, not failing', async () => {
    const d = deps({ listCredentials: async () => Promise.reject(new Error('corrupt')) });
    await expect(syncDetectionScripts(d)).resolves.toEqual([]);
  });
});
