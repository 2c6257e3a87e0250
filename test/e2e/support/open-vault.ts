import { readBackup } from '../../../src/background/backup';
import type { Credential } from '../../../src/shared/credential';
import type { Driver } from '../driver';

declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const PASSPHRASE = 'e2e: every secret, opened';

/**
 * Every stored credential with its secrets opened, as the background holds them. Storage holds them
 * sealed, so tests ask the one way an extension page gets them all: an encrypted backup, opened here.
 */
export async function openVault(driver: Driver): Promise<Credential[]> {
  const reply = await driver.extension((passphrase) => chrome.runtime.sendMessage({ type: 'backup.export', payload: { passphrase } }), PASSPHRASE);
  if (!reply.ok) throw new Error(`backup.export failed: ${reply.error.message}`);
  return readBackup(reply.data.file, PASSPHRASE);
}

/** The same as text, to check that a planted value is nowhere in it. */
export const openVaultText = async (driver: Driver): Promise<string> => JSON.stringify(await openVault(driver));
