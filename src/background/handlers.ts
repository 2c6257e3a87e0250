import { toView, type Credential } from '../shared/credential';
import { KeyDeckError } from '../shared/errors';
import type { Payload } from '../shared/messages';
import { findProvider } from '../shared/providers';
import { checkAppName, checkKeyBasics, normaliseServiceUrl } from '../shared/validation';
import type { Clipboard } from './clipboard';
import type { Handlers } from './router';
import type { SettingsStore } from './settings-store';
import type { TabDetection } from './tab-detection';
import type { Vault } from './vault';

export interface Services {
  vault: Vault;
  settings: SettingsStore;
  clipboard: Clipboard;
  tabs: TabDetection;
  /** Called after the set of stored servers or the detection settings change. */
  resyncDetection(): Promise<unknown>;
  now?: () => number;
}

/** The background's answer to each message; the router has already checked shape and sender. */
export function createHandlers(services: Services): Handlers {
  const { vault, settings, clipboard, tabs, resyncDetection, now = Date.now } = services;

  async function apiKeyOf(id: string): Promise<string> {
    const key = (await vault.get(id)).secrets.apiKey;
    if (!key) throw new KeyDeckError('not-found', 'This entry holds no API key.');
    return key;
  }

  return {
    'vault.list': async () => ({
      credentials: (await vault.list()).sort((a, b) => b.createdAt - a.createdAt).map(toView),
    }),
    'vault.add': async (payload) => {
      const credential = await vault.add(await manualEntry(payload, vault, now()));
      await resyncDetection();
      return { credential: toView(credential) };
    },
    'vault.remove': async ({ id }) => {
      const removed = await vault.remove(id);
      await resyncDetection();
      return { removed: toView(removed) };
    },
    'vault.reveal': async ({ id }) => ({ apiKey: await apiKeyOf(id) }),
    'vault.copy': async ({ id }) => {
      const { clipboardClearSeconds } = await settings.get();
      await clipboard.copyThenClear(await apiKeyOf(id), clipboardClearSeconds * 1000);
      return { clearAfterSeconds: clipboardClearSeconds };
    },
    'settings.get': () => settings.get(),
    'settings.update': async (patch) => {
      const next = await settings.update(patch);
      await resyncDetection();
      return next;
    },
    'tab.detect': async ({ tabId }) => ({ detection: await tabs.detectNow(tabId) }),
    'content.detected': async (detection, sender) => {
      const tabId = sender.tab?.id;
      if (tabId === undefined) throw new KeyDeckError('forbidden', 'A detection must come from a tab.');
      // The report names the page it came from; trust the browser's account of the sender over the DOM's.
      await tabs.record(tabId, { ...detection, url: sender.url ?? detection.url });
      return { ok: true };
    },
  };
}

/** Validates a hand-typed key; each failure is a message the popup can show beside the form. */
async function manualEntry(input: Payload<'vault.add'>, vault: Vault, createdAt: number): Promise<Omit<Credential, 'id'>> {
  const provider = findProvider(input.provider);
  if (!provider) throw new KeyDeckError('invalid-input', 'Choose a provider.');
  const service = normaliseServiceUrl(input.serviceUrl);
  if ('error' in service) throw new KeyDeckError('invalid-input', service.error);
  const app = input.app.trim();
  const problem = checkAppName(app) ?? checkKeyBasics(input.apiKey) ?? provider.checkKey(input.apiKey);
  if (problem) throw new KeyDeckError('invalid-input', problem);
  const existing = (await vault.list()).find((c) => c.secrets.apiKey === input.apiKey && c.serviceUrl === service.url);
  if (existing) throw new KeyDeckError('invalid-input', `This key is already stored for ${existing.app}.`);
  const user = input.user?.trim();
  return {
    provider: provider.id,
    serviceUrl: service.url,
    app,
    ...(user ? { user } : {}),
    secrets: { apiKey: input.apiKey },
    source: 'manual',
    createdAt,
  };
}
