import { describe, expect, test, vi } from 'vitest';
import { EVERYWHERE, SCRIPT_ID, syncDetectionScripts, type DetectionScriptsDeps } from '../../src/background/detection-scripts';
import type { Credential } from '../../src/shared/credential';

const credential = (provider: string, serviceUrl: string): Credential => ({
  id: serviceUrl,
  provider,
  serviceUrl,
  app: 'app',
  secrets: {},
  source: 'manual',
  createdAt: 0,
});

function deps(overrides: Partial<DetectionScriptsDeps> = {}): DetectionScriptsDeps {
  return {
    listCredentials: async () => [],
    detectEverywhere: async () => false,
    hasOrigins: async () => true,
    registered: async () => [],
    register: vi.fn(async () => undefined),
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
    expect(d.register).toHaveBeenCalledWith(expect.objectContaining({ id: SCRIPT_ID, js: ['content.js'] }));
  });

  test('registers everywhere only when the user opted in and granted it', async () => {
    await expect(syncDetectionScripts(deps({ detectEverywhere: async () => true }))).resolves.toEqual(EVERYWHERE);
    const declined = deps({ detectEverywhere: async () => true, hasOrigins: async (o) => o !== EVERYWHERE });
    await expect(syncDetectionScripts(declined)).resolves.toEqual([]);
  });

  test('replaces an old registration, and registers nothing when nothing is wanted', async () => {
    const d = deps({ registered: async () => [SCRIPT_ID] });
    await syncDetectionScripts(d);
    expect(d.unregister).toHaveBeenCalledWith(SCRIPT_ID);
    expect(d.register).not.toHaveBeenCalled();
  });

  test('a damaged vault means detecting nowhere, not failing', async () => {
    const d = deps({ listCredentials: async () => Promise.reject(new Error('corrupt')) });
    await expect(syncDetectionScripts(d)).resolves.toEqual([]);
  });
});
