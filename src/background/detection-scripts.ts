import type { VaultEntry } from '../shared/credential';
import { CONTENT_SCRIPT_FILE } from '../shared/content-script';
import { EVERYWHERE } from '../shared/detection';
import { originPattern } from '../shared/validation';
import type { Registry } from '../providers/registry';

export const SCRIPT_ID = 'keydeck-detect';

export interface RegisteredScript {
  id: string;
  js: string[];
  matches: string[];
  runAt: 'document_idle';
  persistAcrossSessions: boolean;
}

export interface DetectionScriptsDeps {
  providers: Registry;
  listCredentials(): Promise<VaultEntry[]>;
  detectEverywhere(): Promise<boolean>;
  hasOrigins(origins: string[]): Promise<boolean>;
  /** The matches of KeyDeck's registered script, or null when none is registered. */
  registeredMatches(): Promise<string[] | null>;
  register(script: RegisteredScript): Promise<void>;
  update(script: RegisteredScript): Promise<void>;
  unregister(id: string): Promise<void>;
}

/**
 * Keeps the content script registered on exactly the sites KeyDeck may look at: servers it holds
 * keys for (of providers that detect on their servers) whose access the user granted, or everywhere
 * when the user opted in. Idempotent: it changes the registration only when it differs.
 */
export async function syncDetectionScripts(deps: DetectionScriptsDeps): Promise<string[]> {
  const matches = await wantedMatches(deps);
  const current = await deps.registeredMatches();
  const script: RegisteredScript = {
    id: SCRIPT_ID,
    js: [CONTENT_SCRIPT_FILE],
    matches,
    runAt: 'document_idle',
    // Re-registered at every start-up; Firefox did not persist registrations before 128.
    persistAcrossSessions: false,
  };
  if (matches.length === 0) {
    if (current) await deps.unregister(SCRIPT_ID);
  } else if (!current) await deps.register(script);
  else if (!sameSet(current, matches)) await deps.update(script);
  return matches;
}

async function wantedMatches(deps: DetectionScriptsDeps): Promise<string[]> {
  if ((await deps.detectEverywhere()) && (await deps.hasOrigins(EVERYWHERE))) return EVERYWHERE;
  const credentials = await deps.listCredentials().catch(() => []); // a damaged vault: detect nowhere
  const patterns = new Set(
    credentials.filter((c) => deps.providers.find(c.provider)?.detectsOnServer).map((c) => originPattern(c.serviceUrl)),
  );
  const granted: string[] = [];
  for (const pattern of patterns) if (await deps.hasOrigins([pattern])) granted.push(pattern);
  return granted;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
