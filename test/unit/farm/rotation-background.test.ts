// The rotation as the background wires it (start-background.ts): a rotation that met the lock carries
// on by itself once the user unlocks. Its new key is gone from the vault, so the step it takes then
// stops it at once, with no network: what matters is that it stepped at all.
import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, expect, test, vi } from 'vitest';
import type { BackgroundBrowser } from '../../../src/background/browser-api';
import { startBackground } from '../../../src/background/start-background';
import { PROVIDERS } from '../../../src/providers/registry';
import type { Rotation } from '../../../src/shared/rotation';
import { memoryKeyHolder } from '../../support/memory-key-holder';

const fakeEvent = () => ({ addListener: () => undefined, removeListener: () => undefined, hasListener: () => false });

/** fake-browser lacks these; startBackground only registers listeners on them here. */
function browser(): BackgroundBrowser {
  const none = async () => [];
  return {
    ...fakeBrowser,
    runtime: Object.assign(Object.create(fakeBrowser.runtime) as typeof fakeBrowser.runtime, { onConnect: fakeEvent() }),
    permissions: { contains: async () => false, onAdded: fakeEvent(), onRemoved: fakeEvent() },
    scripting: { registerContentScripts: none, updateContentScripts: none, unregisterContentScripts: none, getRegisteredContentScripts: none, executeScript: none },
    action: { setBadgeText: async () => undefined, setBadgeBackgroundColor: async () => undefined, setTitle: async () => undefined },
    webRequest: { onBeforeRequest: fakeEvent(), onErrorOccurred: fakeEvent() },
    declarativeNetRequest: { updateSessionRules: async () => undefined },
  } as unknown as BackgroundBrowser;
}

beforeEach(() => fakeBrowser.reset());

test('a rotation waiting for the unlock steps again as soon as the vault is unlocked', async () => {
  const { services, store } = startBackground(browser(), PROVIDERS, memoryKeyHolder());
  const { vault, lock } = services;
  const old = await vault.add({ provider: 'octoprint', serviceUrl: 'http://127.0.0.1:9', app: 'OctoFarm', secrets: { apiKey: 'A'.repeat(43) }, source: 'workflow', createdAt: 1 });
  await lock.set('correct horse battery');
  await lock.lockNow();
  const waiting: Rotation = {
    id: old.id, serviceUrl: 'http://127.0.0.1:9', app: 'OctoFarm', newApp: 'OctoFarm (rotated 2026-11-27)', step: 'updating', newCredentialId: 'removed-meanwhile',
    farms: [], message: 'KeyDeck is locked: unlock it to carry on.', createdAt: 1, updatedAt: 1,
  };
  await store.rotations.set({ [old.id]: waiting });
  await services.rotation!.resume(); // locked: it stays where it was
  expect((await store.rotations.get())[old.id]!.step).toBe('updating');

  await lock.unlock('correct horse battery');
  await vi.waitFor(async () =>
    expect((await store.rotations.get())[old.id]).toMatchObject({ step: 'failed', failedStep: 'updating', message: expect.stringMatching(/^That key is no longer in the vault\./) }),
  );
  expect((await vault.list()).map((e) => e.id)).toContain(old.id);
});
