// The background as the popup reaches it, for account keys: the real handlers (createHandlers) with
// the real provider registry, a real vault over in-memory storage, and a ProviderContext whose HTTP
// goes over real fetch through a cookie jar that plays the browser's cookie store.
import { testVault } from '../../support/test-vault';
import { expect } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { createHandlers } from '../../../src/background/handlers';
import type { Services } from '../../../src/background/handlers';
import type { Vault } from '../../../src/background/vault';
import { PROVIDERS } from '../../../src/providers/registry';
import type { ProviderContext } from '../../../src/providers/types';
import { KeyDeckError } from '../../../src/shared/errors';
import type { MessageType, Payload, Responses } from '../../../src/shared/messages';
import { createStore } from '../../../src/storage';
import { createCookieJar, type CookieJar } from '../../support/cookie-jar';
import { createMemoryBackend, type MemoryBackend } from '../../support/memory-backend';
import { createProviderContext } from './provider-context';

export interface AccountRig {
  /** The browser's cookies: `seed` a session signed in to in a tab, `clear` to sign out. */
  jar: CookieJar;
  /** What providers work with: key HTTP and session HTTP both over the jar's fetch. */
  ctx: ProviderContext;
  vault: Vault;
  /** The extension's storage; `raw()` reads what was persisted. */
  storage: MemoryBackend;
  /** Sends a message to the background's handler, as the popup does (the router's checks passed). */
  send<K extends MessageType>(type: K, payload: Payload<K>): Promise<Responses[K]>;
}

/** A service the account handlers never touch: any use fails the test loudly. */
function unused<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_, property) => {
      throw new Error(`${name}.${String(property)} is not part of the account-key path`);
    },
  });
}

export function createAccountRig({ now }: { now(): number }): AccountRig {
  const jar = createCookieJar();
  const storage = createMemoryBackend();
  const store = createStore(storage);
  const vault = testVault(store);
  const ctx = createProviderContext({ fetch: jar.fetch, now, settings: store.settings.get });
  const services: Services = {
    vault,
    lock: vault.lock,
    settings: store.settings,
    providers: PROVIDERS,
    ctx,
    clipboard: unused('clipboard'),
    tabs: unused('tabs'),
    workflow: unused('workflow'),
    farm: unused('farm'),
    rotation: unused('rotation'),
    capture: unused('capture'),
    // The user allowed KeyDeck on the simulator's host when the popup asked.
    hasHostAccess: async () => true,
    showPage: async () => {
      throw new Error('showPage is not part of the account-key path');
    },
  };
  const handlers = createHandlers(services);
  const sender = { id: 'keydeck', url: 'chrome-extension://keydeck/popup.html' } as Runtime.MessageSender;
  return { jar, ctx, vault, storage, send: (type, payload) => handlers[type](payload, sender) };
}

/** Awaits a promise that must fail with a KeyDeckError of this code and message (what the popup shows). */
export async function expectKeyDeckError(promise: Promise<unknown>, code: string, message: RegExp): Promise<KeyDeckError> {
  const error = await promise.then(
    () => new Error(`expected a KeyDeckError ${code}, but it resolved`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeyDeckError);
  expect({ code: (error as KeyDeckError).code, message: (error as KeyDeckError).message }).toEqual({ code, message: expect.stringMatching(message) });
  return error as KeyDeckError;
}

/** A created key's answer when it was saved (the usual case); a test expecting that fails on the unsaved one. */
export function saved(answer: Responses['account.create']): { credentialId: string } {
  if (!('credentialId' in answer)) throw new Error(`expected the created key to be saved: ${answer.unsaved.reason}`);
  return answer;
}
