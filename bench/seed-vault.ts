// Seeds the vault as the product stores it (the `vault` item of src/storage/items.ts), every entry
// valid against the product's own CredentialSchema, its secrets sealed by the product itself.
import * as v from 'valibot';
import type { Page } from 'playwright-core';
import { CredentialSchema, type Credential } from '../src/shared/credential.ts';
import { vault as vaultItem } from '../src/storage/items.ts';

const VAULT_KEY = vaultItem.key;

declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAY = 86_400_000;
const hex = (i: number, length: number) => i.toString(16).padStart(length, '0');

/**
 * `count` credentials, newest first, shaped like a heavy user's vault: mostly verified OctoPrint keys
 * (some with warnings) over 40 apps and 50 printers, plus portal hand-overs and expiring account keys.
 */
export function benchCredentials(count: number, now = Date.now()): Credential[] {
  return Array.from({ length: count }, (_, i) => {
    const createdAt = now - i * 3_600_000;
    const base = { id: `bench-${i}`, app: `App ${i % 40}`, createdAt };
    let credential: Credential;
    if (i % 10 === 7)
      credential = {
        ...base,
        provider: 'octoeverywhere',
        serviceUrl: `https://shared-${i % 50}.octoeverywhere.com`,
        secrets: { apiKey: hex(i, 32), connectionUrl: `https://shared-${i % 50}.octoeverywhere.com`, bearerToken: `t${hex(i, 40)}` },
        source: 'finish-page',
        details: { printerName: `Printer ${i % 50}` },
        capturedFrom: hex(i, 64),
      };
    else if (i % 10 === 9)
      credential = {
        ...base,
        provider: 'cocalc',
        serviceUrl: 'https://cocalc.com',
        secrets: { apiKey: `sk-${hex(i, 24)}` },
        source: 'account-api',
        remoteId: String(i),
        expiresAt: createdAt + (i % 3 === 0 ? 5 : 90) * DAY,
      };
    else
      credential = {
        ...base,
        provider: 'octoprint',
        serviceUrl: `http://printer-${i % 50}.local`,
        user: i % 4 === 0 ? 'bob' : 'admin',
        secrets: { apiKey: hex(i, 32) },
        source: i % 5 === 0 ? 'manual' : 'workflow',
        verification: {
          at: createdAt,
          ok: true,
          summary: `Works as ${i % 4 === 0 ? 'bob' : 'admin'} on OctoPrint 1.11.8.`,
          warnings: i % 3 === 0 ? ['The user is not in Operator: a farm manager needs both Admins and Operator.'] : [],
          serverVersion: '1.11.8',
        },
      };
    return v.parse(CredentialSchema, credential); // the product would refuse anything else
  });
}

/**
 * Writes the vault from an extension page as a version-1 vault (secrets in the clear), then lets the
 * background migrate it: it seals every secret and stores version 2, as the product finds it after an
 * upgrade and every browser restart since.
 */
export async function seedVault(extensionPage: Page, credentials: Credential[]): Promise<void> {
  if (credentials.length === 0) {
    // With what the product writes in the same call (the vault's index), as its own write would.
    const empty = { schemaVersion: 2, credentials: [] };
    const companions = Object.fromEntries((vaultItem.companions ?? []).map((c) => [c.key, c.derive(empty)]));
    await extensionPage.evaluate((items) => chrome.storage.local.set(items), { [VAULT_KEY]: empty, ...companions });
    return;
  }
  await extensionPage.evaluate((items) => chrome.storage.local.set(items), { [VAULT_KEY]: { schemaVersion: 1, credentials } });
  // The worker may still hold its cached list until the storage change reaches it: ask again, bounded.
  const migrated = await extensionPage.evaluate(async (key) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      await chrome.runtime.sendMessage({ type: 'vault.list', payload: {} });
      const version = (await chrome.storage.local.get(key))[key].schemaVersion;
      if (version === 2) return version;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return (await chrome.storage.local.get(key))[key].schemaVersion;
  }, VAULT_KEY);
  if (migrated !== 2) throw new Error(`The background did not migrate the seeded vault (got ${String(migrated)}).`);
}
