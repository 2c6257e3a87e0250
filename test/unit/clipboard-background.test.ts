import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { CLIPBOARD_ALARM } from '../../src/background/clipboard';
import { createBackgroundClipboard } from '../../src/background/clipboard-background';
import { createStore, type StorageBackend } from '../../src/storage';

let now = 1_000;
let text = '';
const clipboard = {
  writeText: vi.fn(async (value: string) => void (text = value)),
  readText: vi.fn(async () => text),
};
const alarms = { create: vi.fn(), clear: vi.fn(async () => true) };
const onCleared = vi.fn();
const make = () =>
  createBackgroundClipboard({ clipboard, pending: createStore(fakeBrowser.storage as unknown as StorageBackend).clipboardPending, alarms, now: () => now, onCleared });

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers();
  now = 1_000;
  text = '';
  vi.clearAllMocks();
});

describe('background clipboard (Firefox)', () => {
  test('copies, then clears after the delay when the clipboard still holds the key', async () => {
    await make().copyThenClear('the-key-1234', 30_000);
    expect(text).toBe('the-key-1234');
    expect(alarms.create).toHaveBeenCalledWith(CLIPBOARD_ALARM, { when: 31_000 });
    now = 31_000;
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.waitFor(() => expect(text).toBe(''));
    expect(onCleared).toHaveBeenCalledOnce(); // an open popup says "Clipboard cleared"
  });

  test('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    await make().copyThenClear('the-key-1234', 30_000);
    text = 'a recipe';
    now = 31_000;
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.waitFor(() => expect(clipboard.readText).toHaveBeenCalled());
    expect(text).toBe('a recipe');
    expect(onCleared).not.toHaveBeenCalled(); // nothing was cleared, so nothing is said
  });

  test('an alarm after the page was unloaded still clears (only a hash was kept)', async () => {
    await make().copyThenClear('the-key-1234', 30_000);
    const stored = JSON.stringify(await fakeBrowser.storage.session.get());
    expect(stored).not.toContain('the-key-1234');
    vi.clearAllTimers(); // the page went away with its timer
    now = 31_000;
    await make().onAlarm(CLIPBOARD_ALARM);
    expect(text).toBe('');
  });

  test('an early or foreign alarm does nothing', async () => {
    await make().copyThenClear('the-key-1234', 30_000);
    await make().onAlarm(CLIPBOARD_ALARM);
    await make().onAlarm('something-else');
    expect(text).toBe('the-key-1234');
  });

  test('a refused write is a clear error', async () => {
    clipboard.writeText.mockRejectedValueOnce(new Error('denied'));
    await expect(make().copyThenClear('k', 1000)).rejects.toMatchObject({ code: 'clipboard' });
  });
});
