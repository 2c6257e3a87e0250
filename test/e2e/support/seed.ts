import { exportBackup } from '../../../src/background/backup';
import type { Credential } from '../../../src/shared/credential';
import type { Driver } from '../driver';

declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const PASSPHRASE = 'e2e: seeded through an import';

/**
 * Puts entries into the vault the way a user restoring a backup would (the vault is sealed: storage
 * cannot be written raw): an encrypted backup made here, imported by the background. For what no
 * simulator hands out on demand, such as keys that expire tomorrow or expired yesterday.
 */
export async function seedVault(driver: Pick<Driver, 'extension'>, credentials: Omit<Credential, 'id'>[]): Promise<void> {
  const withIds = credentials.map((credential, index) => ({ id: `seed-${index}`, ...credential }));
  const { file } = await exportBackup(withIds, PASSPHRASE);
  const reply = await driver.extension(([f, p]) => chrome.runtime.sendMessage({ type: 'backup.import', payload: { file: f, passphrase: p } }), [file, PASSPHRASE] as const);
  if (!reply.ok) throw new Error(`backup.import failed: ${reply.error.message}`);
  if (reply.data.added !== credentials.length) throw new Error(`backup.import added ${reply.data.added} of ${credentials.length}`);
}

type Seed = Omit<Credential, 'id'>;

/** An OctoPrint key as a user adding it by hand would store it; `more` sets dates and the like. */
export const octoprintKey = (serviceUrl: string, app: string, apiKey: string, more: Partial<Seed> = {}): Seed => ({
  provider: 'octoprint',
  serviceUrl,
  app,
  secrets: { apiKey },
  source: 'manual',
  createdAt: Date.now(),
  ...more,
});
