import { t } from '../shared/i18n';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Browser, Manifest, Runtime } from 'webextension-polyfill';
import { isClipboardCleared } from '../shared/clipboard-cleared';
import type { CredentialView } from '../shared/credential';
import { KeyDeckError } from '../shared/errors';
import type { MessageType, Payload, Reply, Responses } from '../shared/messages';
import { originPattern } from '../shared/validation';
import { PROVIDERS, type Registry } from '../providers/registry';
import { createStore, type Store } from '../storage';
import { credentialSource } from './credential-source';
import { saveTextFile } from './save-file';

/**
 * Everything the popup does outside itself, in one interface: messages to the background, the stored
 * items it reads and follows, and the few browser calls it makes in a click. Components get it from
 * `useApi()`; `createApi` is the real one, component tests pass a fake.
 */
export interface KeyDeckApi {
  providers: Registry;
  /** Sends one typed message; a typed error comes back as a thrown KeyDeckError. */
  send<K extends MessageType>(type: K, payload: Payload<K>): Promise<Responses[K]>;
  /** The stored items the popup reads straight from storage (no secrets leave the background this way). */
  store: Pick<Store, 'settings' | 'captureResults' | 'flows' | 'rotations' | 'farm'>;
  /** The vault's entries without their secrets, newest first; throws when the vault cannot be read. */
  credentials(): Promise<CredentialView[]>;
  onCredentialsChange(listener: () => void): () => void;
  /**
   * Asks for host access; must run inside the user's click. `optional` API permissions are asked in
   * the same prompt and may be refused: the answer is whether the origins are granted.
   */
  requestOrigins(origins: string[], optional?: string[]): Promise<boolean>;
  openTab(url: string): Promise<void>;
  /** Offers `text` as a download named `name` (a backup file). */
  saveFile(name: string, text: string): void;
  /** The tab the popup is about (see current-tab.ts). */
  currentTabId(): Promise<number | undefined>;
  /** Calls `listener` when KeyDeck has cleared a key it copied from the clipboard; returns the unsubscribe. */
  onClipboardCleared(listener: () => void): () => void;
}

export function createApi(browser: Pick<Browser, 'runtime' | 'storage' | 'permissions' | 'tabs'>, providers: Registry = PROVIDERS): KeyDeckApi {
  const store = createStore(browser.storage);
  const list = credentialSource(store);
  return {
    providers,
    async send(type, payload) {
      const reply = (await browser.runtime.sendMessage({ type, payload }).catch(() => undefined)) as Reply<typeof type> | undefined;
      if (!reply) throw new KeyDeckError('internal', t('errNoAnswer'));
      if (!reply.ok) throw new KeyDeckError(reply.error.code, reply.error.message);
      return reply.data as Responses[typeof type];
    },
    store,
    credentials: () => list.credentials(),
    onCredentialsChange: (listener) => list.onChange(listener),
    async requestOrigins(origins, optional = []) {
      if (await browser.permissions.request({ origins, permissions: optional as Manifest.OptionalPermission[] }).catch(() => false)) return true;
      return optional.length > 0 && browser.permissions.contains({ origins }).catch(() => false);
    },
    openTab: async (url) => void (await browser.tabs.create({ url })),
    saveFile: (name, text) => saveTextFile(name, text),
    onClipboardCleared(listener) {
      const onMessage = (message: unknown, sender: Runtime.MessageSender) => {
        if (sender.id === browser.runtime.id && isClipboardCleared(message)) listener();
        return undefined;
      };
      browser.runtime.onMessage.addListener(onMessage);
      return () => browser.runtime.onMessage.removeListener(onMessage);
    },
    async currentTabId() {
      // As a toolbar popup that is the active tab; opened in a tab of its own (popped out, or in
      // tests) it is the tab the user was on last.
      const self = await browser.tabs.getCurrent();
      if (!self) return (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
      const others = (await browser.tabs.query({})).filter((tab) => tab.id !== self.id);
      others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
      return others[0]?.id;
    },
  };
}

export const ApiContext = createContext<KeyDeckApi | null>(null);

export function useApi(): KeyDeckApi {
  const api = useContext(ApiContext);
  if (!api) throw new TypeError('useApi() outside <ApiContext.Provider>');
  return api;
}

/** Asks for access to one server's host (any port), inside the user's click. */
export const requestHostAccess = (api: KeyDeckApi, serviceUrl: string) => api.requestOrigins([originPattern(serviceUrl)]);

export function messageOf(error: unknown): string {
  return error instanceof KeyDeckError ? error.message : 'Something went wrong. Nothing was changed.';
}
