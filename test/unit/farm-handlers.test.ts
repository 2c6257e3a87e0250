import type { Runtime } from 'webextension-polyfill';
import { describe, expect, test, vi } from 'vitest';
import type { FarmService } from '../../src/background/farm/farm-service';
import { createFarmHandlers } from '../../src/background/handlers/farm';
import type { Services } from '../../src/background/handlers/services';

const sender = {} as Runtime.MessageSender;

/** The farm handlers over a farm service that records what reaches it, and the hosts KeyDeck may reach. */
function setup(granted: (url: string) => boolean = () => true) {
  const started: unknown[] = [];
  const farm = {
    provider: 'octoprint',
    start: vi.fn(async (input: unknown) => {
      started.push(input);
      return { app: 'OctoFarm', createdAt: 1, rows: [] };
    }),
    status: vi.fn(async () => null),
  } as unknown as FarmService;
  const asked: string[] = [];
  const services = {
    farm,
    hasHostAccess: async (url: string) => {
      asked.push(url);
      return granted(url);
    },
  } as unknown as Services;
  return { handlers: createFarmHandlers(services), started, asked };
}

describe('farm.start', () => {
  test('checks host access once per host (any port), then hands the servers to the farm', async () => {
    const { handlers, started, asked } = setup();
    const servers = [{ url: 'http://10.0.0.21:80/' }, { url: 'http://10.0.0.21:5000' }, { url: 'http://10.0.0.22', name: 'Prusa' }];
    await handlers['farm.start']({ app: 'OctoFarm', servers }, sender);
    expect(asked).toEqual(['http://10.0.0.21', 'http://10.0.0.22']);
    expect(started).toEqual([{ app: 'OctoFarm', servers }]);
  });

  test('a host KeyDeck may not reach is named, and nothing starts', async () => {
    const { handlers, started } = setup((url) => !url.includes('10.0.0.22'));
    await expect(handlers['farm.start']({ app: 'OctoFarm', servers: [{ url: 'http://10.0.0.21' }, { url: 'http://10.0.0.22' }] }, sender)).rejects.toMatchObject({
      code: 'forbidden',
      message: 'KeyDeck needs your permission for 10.0.0.22. Click “Get keys” again and allow it.',
    });
    expect(started).toEqual([]);
  });

  test('a plain-http server outside the private network needs the user’s confirmation; with it the farm starts', async () => {
    const { handlers, started } = setup();
    const servers = [{ url: 'http://10.0.0.21' }, { url: 'http://printers.example.com' }];
    await expect(handlers['farm.start']({ app: 'OctoFarm', servers }, sender)).rejects.toMatchObject({ code: 'plain-http', message: expect.stringContaining('printers.example.com') });
    expect(started).toEqual([]);
    await handlers['farm.start']({ app: 'OctoFarm', servers, allowPlainHttp: true }, sender);
    expect(started).toEqual([{ app: 'OctoFarm', servers }]);
  });

  test('an address that is not a server URL is refused with its reason', async () => {
    const { handlers } = setup();
    await expect(handlers['farm.start']({ app: 'OctoFarm', servers: [{ url: 'ftp://x.local' }] }, sender)).rejects.toMatchObject({
      code: 'invalid-input',
      message: 'ftp://x.local: The server address must start with http:// or https://.',
    });
  });
});

test('farm.status names the provider whose keys the farm gets, with or without a farm', async () => {
  const { handlers } = setup();
  await expect(handlers['farm.status']({}, sender)).resolves.toEqual({ farm: null, provider: 'octoprint' });
});
