import { fakeBrowser } from '@webext-core/fake-browser';
import type { Runtime } from 'webextension-polyfill';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { Services } from '../../../src/background/handlers';
import { createRotationHandlers } from '../../../src/background/handlers/rotation';
import type { KeyRotation } from '../../../src/background/rotation/rotation';
import { parseMessage } from '../../../src/shared/messages';
import { createStore, type StorageBackend } from '../../../src/storage';
import { testVault } from '../../support/test-vault';

const sender = {} as Runtime.MessageSender;
const KEY = 'q2BzBKPp2558GoaDHnUnm21ee0unxMsBoYF2U4jH73g';

beforeEach(() => fakeBrowser.reset());

async function setup(serviceUrl: string, access: boolean) {
  const vault = testVault(createStore(fakeBrowser.storage as unknown as StorageBackend));
  const entry = await vault.add({ provider: 'octoprint', serviceUrl, app: 'OctoFarm', secrets: { apiKey: KEY }, source: 'workflow', createdAt: 0 });
  const start = vi.fn(async () => ({ rotations: [], refused: [] }));
  const rotation = { start } as unknown as KeyRotation;
  const handlers = createRotationHandlers({ vault, rotation, hasHostAccess: async () => access } as unknown as Services);
  return { entry, start, handlers };
}

describe('keys.rotate', () => {
  test('the messages are checked', () => {
    expect(parseMessage({ type: 'keys.rotate', payload: { credentialIds: ['a'] } }).ok).toBe(true);
    expect(parseMessage({ type: 'keys.rotate', payload: { credentialIds: [] } }).ok).toBe(false);
    expect(parseMessage({ type: 'keys.rotationRetry', payload: { id: '' } }).ok).toBe(false);
  });

  test('without host access for a chosen key’s server nothing starts, and the answer says how to allow it', async () => {
    const { entry, start, handlers } = await setup('http://10.0.0.21', false);
    await expect(handlers['keys.rotate']({ credentialIds: [entry.id] }, sender)).rejects.toMatchObject({
      code: 'forbidden',
      message: 'KeyDeck needs your permission for 10.0.0.21. Click “Rotate” again and allow it.',
    });
    expect(start).not.toHaveBeenCalled();
  });

  test('a plain-http server outside the private network needs the user’s confirmation, as Get key does', async () => {
    const { entry, start, handlers } = await setup('http://printer.example.com', true);
    await expect(handlers['keys.rotate']({ credentialIds: [entry.id] }, sender)).rejects.toMatchObject({ code: 'plain-http' });
    expect(start).not.toHaveBeenCalled();
    await handlers['keys.rotate']({ credentialIds: [entry.id], allowPlainHttp: true }, sender);
    expect(start).toHaveBeenCalledWith([entry.id]);
  });
});
