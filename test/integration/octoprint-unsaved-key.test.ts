// A key that OctoPrint handed out but KeyDeck could not save (storage.local full): the user can still
// take it, through the messages the popup sends (the real router, sender check and handlers, the real
// workflow against the simulator, the background clipboard with its timed clear), and it leaves
// storage.session when the card is dismissed.
import type { Runtime } from 'webextension-polyfill';
import { expect, it } from 'vitest';
import { CLIPBOARD_ALARM } from '../../src/background/clipboard';
import { createBackgroundClipboard } from '../../src/background/clipboard-background';
import type { FinishCapture } from '../../src/background/finish-capture';
import { createHandlers } from '../../src/background/handlers';
import { createRouter } from '../../src/background/router';
import { classifySender } from '../../src/background/sender';
import type { TabDetection } from '../../src/background/tab-detection';
import { PROVIDERS } from '../../src/providers/registry';
import { ACTIVE_PHASES } from '../../src/shared/flow';
import type { MessageType, Payload, Reply } from '../../src/shared/messages';
import { createMemoryStorage } from './support/memory-storage';
import { pendingToken, useRigs } from './support/rig';
import { keyWorks } from './support/sim-api';
import { waitForFlow } from './support/wait';
import type { FarmService } from '../../src/background/farm/farm-service';
import type { KeyRotation } from '../../src/background/rotation/rotation';

const { rig } = useRigs();
const APP = 'OctoFarm';
/** chrome.storage.local without unlimitedStorage. */
const QUOTA_BYTES = 10_485_760;
const ID = 'keydeck-id';
const ORIGIN = `chrome-extension://${ID}`;
const popup: Runtime.MessageSender = { id: ID, url: `${ORIGIN}/src/popup/index.html` };
const contentScript: Runtime.MessageSender = { id: ID, url: 'http://127.0.0.1/', tab: { id: 3 } as Runtime.MessageSender['tab'] };

it('storage.local is full: the card says the key is NOT saved; Reveal and Copy (with its timed clear) still give it; Dismiss clears it from storage.session', async () => {
  // Other data has filled the quota: there is no room left for the vault.
  const local = createMemoryStorage({ other: 'x'.repeat(QUOTA_BYTES - 20) }, { quotaBytes: QUOTA_BYTES });
  const r = await rig({ clock: 'manual' }, { local });
  let clipboardText = '';
  const alarms: Array<{ name: string; when: number }> = [];
  let now = Date.now();
  const clipboard = createBackgroundClipboard({
    clipboard: { writeText: async (text) => void (clipboardText = text), readText: async () => clipboardText },
    pending: r.store.clipboardPending,
    alarms: { create: (name, { when }) => void alarms.push({ name, when }), clear: async () => true },
    now: () => now,
  });
  const handlers = createHandlers({
    vault: r.vault,
    lock: r.vault.lock,
    settings: r.store.settings,
    clipboard,
    tabs: {} as TabDetection, // not used by these messages
    providers: PROVIDERS,
    ctx: { http: r.http, sessionHttp: r.http, now: () => now, settings: r.store.settings.get },
    workflow: r.workflow,
    farm: {} as FarmService, // not used by these messages
    rotation: {} as KeyRotation,
    capture: {} as FinishCapture,
    hasHostAccess: async () => true,
    showPage: async () => undefined,
  });
  const route = createRouter(handlers, (sender) => classifySender(sender, ID, `${ORIGIN}/`));
  async function send<K extends MessageType>(type: K, payload: Payload<K>, from = popup) {
    return (await route({ type, payload }, from)) as Reply<K>;
  }

  const started = await send('flow.start', { serviceUrl: r.sim.url, app: APP });
  if (!started.ok) throw new Error(started.error.message);
  const { id } = started.data.flow;
  r.sim.approve(await pendingToken(r.sim));
  const failed = await waitForFlow(r.workflow, id, (f) => !ACTIVE_PHASES.has(f.phase), 4_000);
  const key = r.sim.keys()[0]!.apiKey;

  // What the card shows: not saved, and why; the key itself only when asked for.
  expect(failed).toMatchObject({ phase: 'failed', outcome: 'vault', unsavedKey: true });
  expect(failed.message).toMatch(/^The key arrived but is NOT saved: KeyDeck’s storage is full: delete keys you no longer use to make room\. Copy it or reveal it now and store it somewhere safe/);
  expect(failed.message).toMatch(/KeyDeck forgets it when you dismiss this card/);
  const listed = await send('flow.list', {});
  expect(listed).toMatchObject({ ok: true, data: { flows: [{ id, unsavedKey: true }] } });
  expect(JSON.stringify(listed)).not.toContain(key);
  expect(await r.vault.list()).toEqual([]);
  expect(local.snapshot().vault).toBeUndefined();

  // Reveal: the key OctoPrint issued, and it works. A content script cannot ask for it.
  expect(await send('flow.revealUnsavedKey', { id })).toEqual({ ok: true, data: { apiKey: key } });
  expect(await keyWorks(r.sim, key)).toBe(true);
  const refused = await send('flow.revealUnsavedKey', { id }, contentScript);
  expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  expect(JSON.stringify(refused)).not.toContain(key);
  expect(await send('flow.copyUnsavedKey', { id }, contentScript)).toMatchObject({ ok: false, error: { code: 'forbidden' } });

  // Copy: on the clipboard, and cleared when the settings' delay (30 s by default) is over.
  expect(await send('flow.copyUnsavedKey', { id })).toEqual({ ok: true, data: { clearAfterSeconds: 30 } });
  expect(clipboardText).toBe(key);
  expect(alarms).toEqual([{ name: CLIPBOARD_ALARM, when: now + 30_000 }]);
  now += 30_000;
  await clipboard.onAlarm(CLIPBOARD_ALARM);
  expect(clipboardText).toBe('');

  // Until the card is dismissed the key is in storage.session (only there); after, it is gone.
  expect(JSON.stringify(r.session.snapshot())).toContain(key);
  expect(await send('flow.dismiss', { id })).toEqual({ ok: true, data: { ok: true } });
  expect(JSON.stringify(r.session.snapshot())).not.toContain(key);
  expect(await send('flow.revealUnsavedKey', { id })).toMatchObject({ ok: false, error: { code: 'not-found' } });
});

it('a saved key is not "unsaved": its card offers no Copy or Reveal of it and the workflow will not hand it out', async () => {
  const r = await rig({ clock: 'manual' });
  const started = await r.workflow.start({ serviceUrl: r.sim.url, app: APP });
  r.sim.approve(await pendingToken(r.sim));
  const done = await waitForFlow(r.workflow, started.id, (f) => !ACTIVE_PHASES.has(f.phase), 4_000);
  expect(done).toMatchObject({ outcome: 'saved' });
  expect(done.unsavedKey).toBeUndefined();
  await expect(r.workflow.unsavedKey(started.id)).rejects.toMatchObject({ code: 'not-found', message: 'This request holds no unsaved key.' });
});
