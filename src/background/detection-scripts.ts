import type { Credential } from '../shared/credential';
import { CONTENT_SCRIPT_FILE } from '../shared/content-script';
import { findProvider } from '../shared/providers';
import { originPattern } from '../shared/validation';

export const SCRIPT_ID = 'keydeck-detect';
export const EVERYWHERE = ['http://*/*', 'https://*/*'];

export interface RegisteredScript {
  id: string;
  js: string[];
  matches: string[];
  runAt: 'document_idle';
  persistAcrossSessions: boolean;
}

export interface DetectionScriptsDeps {
  listCredentials(): Promise<Credential[]>;
  detectEverywhere(): Promise<boolean>;
  hasOrigins(origins: string[]): Promise<boolean>;
  registered(): Promise<string[]>;
  register(script: RegisteredScript): Promise<void>;
  unregister(id: string): Promise<void>;
}

/**
 * Keeps the content script registered on exactly the sites KeyDeck may look at: servers it holds
 * OctoPrint keys for whose access the user granted, or everywhere when the user opted in.
 */
export async function syncDetectionScripts(deps: DetectionScriptsDeps): Promise<string[]> {
  const matches = await wantedMatches(deps);
  if ((await deps.registered()).includes(SCRIPT_ID)) await deps.unregister(SCRIPT_ID);
  if (matches.length > 0)
    await deps.register({
      id: SCRIPT_ID,
      js: [CONTENT_SCRIPT_FILE],
      matches,
      runAt: 'document_idle',
      // Re-registered at every start-up; Firefox did not persist registrations before 128.
      persistAcrossSessions: false,
    });
  return matches;
}

async function wantedMatches(deps: DetectionScriptsDeps): Promise<string[]> {
  if ((await deps.detectEverywhere()) && (await deps.hasOrigins(EVERYWHERE))) return EVERYWHERE;
  const credentials = await deps.listCredentials().catch(() => []); // a damaged vault: detect nowhere
  const patterns = new Set(
    credentials.filter((c) => findProvider(c.provider)?.detectsOnServer).map((c) => originPattern(c.serviceUrl)),
  );
  const granted: string[] = [];
  for (const pattern of patterns) if (await deps.hasOrigins([pattern])) granted.push(pattern);
  return granted;
}
