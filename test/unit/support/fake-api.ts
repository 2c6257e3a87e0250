import type { KeyDeckApi } from '../../../src/popup/api';
import { readCredentials } from '../../../src/popup/credential-source';
import { PROVIDERS, type Registry } from '../../../src/providers/registry';
import { SECRET_FIELDS, toView, type Credential } from '../../../src/shared/credential';
import { KeyDeckError } from '../../../src/shared/errors';
import type { MessageType, Payload, Responses } from '../../../src/shared/messages';
import { createStore, type Store } from '../../../src/storage';
import { VAULT_VERSION, type StoredEntry } from '../../../src/storage/items';
import { createMemoryBackend, type MemoryBackend } from '../../support/memory-backend';

export type Handler<K extends MessageType> = (payload: Payload<K>) => Promise<Responses[K]>;
export type Handlers = Partial<{ [K in MessageType]: Handler<K> }>;

export interface SentMessage {
  type: MessageType;
  payload: unknown;
}

/**
 * A KeyDeckApi for component tests: messages are recorded and answered by the test's handlers (an
 * unhandled one fails as the real background's 'internal' would), and stored items live in the real
 * storage module over an in-memory `browser.storage`, so a test writes an item and the popup follows.
 */
export interface FakeApi extends KeyDeckApi {
  /** Every `send`, in order. */
  readonly sent: SentMessage[];
  /** The payloads sent with one message type, in order. */
  sentOf<K extends MessageType>(type: K): Payload<K>[];
  /** Sets or replaces the handler of one message type. */
  handle<K extends MessageType>(type: K, handler: Handler<K>): void;
  /** Every item, the vault included (the popup's `store` only exposes some). */
  readonly storage: Store;
  readonly backend: MemoryBackend;
  /** URLs passed to `openTab`, and the origin lists passed to `requestOrigins`, in order. */
  readonly opened: string[];
  readonly originRequests: string[][];
  /** Files offered for download with `saveFile`, in order. */
  readonly saved: { name: string; text: string }[];
  /** Stores one vault entry (as the background would), without sending anything. */
  addCredential(credential: Credential): Promise<void>;
  /** The background says it cleared the clipboard. */
  clearClipboard(): void;
}

export interface FakeApiOptions {
  handlers?: Handlers;
  providers?: Registry;
  /** What the user answers when host access is asked for (default: allow). */
  grant?: boolean;
  /** The tab the popup is about (default: none, so the popup asks nothing about a tab). */
  tabId?: number;
  initial?: { local?: Record<string, unknown>; session?: Record<string, unknown> };
}

export function createFakeApi({ handlers = {}, providers = PROVIDERS, grant = true, tabId, initial }: FakeApiOptions = {}): FakeApi {
  const backend = createMemoryBackend(initial);
  const storage = createStore(backend);
  const table = new Map<MessageType, (payload: never) => Promise<unknown>>(Object.entries(handlers) as [MessageType, (payload: never) => Promise<unknown>][]);
  const sent: SentMessage[] = [];
  const opened: string[] = [];
  const originRequests: string[][] = [];
  const saved: { name: string; text: string }[] = [];
  const clipboardListeners = new Set<() => void>();
  return {
    providers,
    async send<K extends MessageType>(type: K, payload: Payload<K>): Promise<Responses[K]> {
      sent.push({ type, payload: structuredClone(payload) });
      const handler = table.get(type) as Handler<K> | undefined;
      if (!handler) throw new KeyDeckError('internal', `No handler for "${type}" in this test.`);
      return handler(payload);
    },
    sent,
    sentOf: <K extends MessageType>(type: K) => sent.filter((m) => m.type === type).map((m) => m.payload as Payload<K>),
    handle: (type, handler) => void table.set(type, handler as (payload: never) => Promise<unknown>),
    store: storage,
    storage,
    backend,
    credentials: () => readCredentials(storage),
    onCredentialsChange: (listener) => storage.vault.onChange(listener),
    async requestOrigins(origins) {
      originRequests.push(origins);
      return grant;
    },
    async openTab(url) {
      opened.push(url);
    },
    currentTabId: async () => tabId,
    onClipboardCleared(listener) {
      clipboardListeners.add(listener);
      return () => clipboardListeners.delete(listener);
    },
    clearClipboard: () => clipboardListeners.forEach((listener) => listener()),
    saveFile: (name, text) => void saved.push({ name, text }),
    saved,
    opened,
    originRequests,
    addCredential: async (credential) =>
      void (await storage.vault.update((vault) => ({ schemaVersion: VAULT_VERSION, credentials: [...vault.credentials, storedEntry(credential)] }))),
  };
}

let nextId = 1;

/**
 * A credential as the vault stores it, for tests that write storage directly. The popup never opens
 * secrets, so they stay `unsealed` here (the background seals them; test/unit/vault.test.ts).
 */
export function storedEntry({ secrets, ...fields }: Credential): StoredEntry {
  const secretFields = SECRET_FIELDS.filter((field) => secrets[field]);
  return { ...fields, secretFields, ...(secrets.apiKey ? { keyTail: secrets.apiKey.slice(-4) } : {}), unsealed: secrets };
}

/** What the popup is shown of a credential. */
export const viewOf = (credential: Credential) => toView(storedEntry(credential));

/** A vault entry with a plausible OctoPrint key; override what the test is about. */
export function makeCredential(overrides: Partial<Credential> = {}): Credential {
  const id = `cred-${nextId++}`;
  return {
    id,
    provider: 'octoprint',
    serviceUrl: 'http://octopi.local',
    app: 'OctoFarm',
    secrets: { apiKey: `ABCDEF0123456789ABCDEF012345${String(nextId).padStart(4, '0')}` },
    source: 'manual',
    createdAt: Date.now() - 60_000,
    ...overrides,
  };
}
