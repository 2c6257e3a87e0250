import type { Services } from './services';

/** Puts a key on the clipboard with the user's clear delay, and says the delay (the popup tells the user). */
export async function copyKey({ settings, clipboard }: Pick<Services, 'settings' | 'clipboard'>, key: string): Promise<{ clearAfterSeconds: number }> {
  const { clipboardClearSeconds } = await settings.get();
  await clipboard.copyThenClear(key, clipboardClearSeconds * 1000);
  return { clearAfterSeconds: clipboardClearSeconds };
}
