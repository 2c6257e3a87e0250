import * as v from 'valibot';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../shared/settings';
import { serial } from './serial';
import type { StorageArea } from './storage-area';

const SETTINGS_KEY = 'settings';

/** User preferences in `storage.local`; damaged or missing values fall back to the defaults. */
export function createSettingsStore(storage: StorageArea) {
  const exclusive = serial();

  async function get(): Promise<Settings> {
    const raw = (await storage.get(SETTINGS_KEY))[SETTINGS_KEY];
    const parsed = v.safeParse(v.partial(SettingsSchema), raw ?? {});
    return { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.output : {}) };
  }

  return {
    get,
    update: (patch: Partial<Settings>) =>
      exclusive(async () => {
        const next = { ...(await get()), ...patch };
        await storage.set({ [SETTINGS_KEY]: next });
        return next;
      }),
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
