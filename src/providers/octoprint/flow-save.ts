import { KeyDeckError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import type { KeyStore } from '../types';
import type { OctoPrintClient } from './client';
import type { FlowState } from './flow-state';
import { end } from './flow-step';
import { verifyOctoPrintKey } from './verify';
import { octoprint } from '.';

/**
 * Verification's requests (version, user, settings) follow the poll that brought the key at least
 * this far apart: at once, they were 4 requests within a second on one server, 4× a farm's pace.
 * The key is in the vault before the first of them; only the "Works as …" line comes later.
 */
export const VERIFY_GAP_MS = 500;

export interface SaveContext {
  vault: KeyStore;
  client: OctoPrintClient;
  now: () => number;
  /** Waits `ms` (tests may pass one that does not). */
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The client's verification calls, each VERIFY_GAP_MS after the previous request to the server. */
function spaced(client: OctoPrintClient, sleep: (ms: number) => Promise<void>, now: () => number): OctoPrintClient {
  let last = now(); // the poll that brought the key
  const turn = async () => {
    await sleep(Math.max(0, last + VERIFY_GAP_MS - now()));
    last = now();
  };
  return {
    ...client,
    version: async (server, key) => (await turn(), client.version(server, key)),
    currentUser: async (server, key) => (await turn(), client.currentUser(server, key)),
    corsEnabled: async (server, key) => (await turn(), client.corsEnabled(server, key)),
  };
}

/** The key has arrived: into the vault first (it is handed out once), then verified. */
export async function saveArrivedKey(flow: FlowState, { vault, client, now, sleep = wait }: SaveContext): Promise<FlowState> {
  const apiKey = flow.apiKey!;
  let credentialId: string;
  try {
    credentialId = (
      await vault.add({
        provider: octoprint.id,
        serviceUrl: flow.serviceUrl,
        app: flow.app,
        ...(flow.user ? { user: flow.user } : {}),
        secrets: { apiKey, ...(flow.basicAuth ? { basicUser: flow.basicAuth.user, basicPassword: flow.basicAuth.password } : {}) },
        source: 'workflow',
        createdAt: now(),
      })
    ).id;
  } catch (error) {
    // storage/item.ts has already turned a full quota into a KeyDeckError that says so.
    const reason = error instanceof KeyDeckError ? error.message : t('flowVaultNotWritten');
    // OctoPrint hands a key out once: keep it in the flow (storage.session, until the card is
    // dismissed) for the popup's Copy and Reveal.
    return {
      ...end(flow, 'vault', t('flowEndNotSaved', reason)),
      apiKey,
    };
  }
  const server = { url: flow.serviceUrl, ...(flow.basicAuth ? { basicAuth: flow.basicAuth } : {}) };
  const check = await verifyOctoPrintKey(spaced(client, sleep, now), server, apiKey, now()).catch(() => null);
  if (check) {
    const { user, ...verification } = check;
    await vault.update(credentialId, { verification, ...(user ? { user } : {}) }).catch(() => undefined);
  }
  const summary = check ? (check.ok ? check.summary : t('flowSavedBut', check.summary)) : t('flowSavedUnverified');
  return { ...end(flow, 'saved', summary), credentialId };
}
