import { beforeEach, describe, expect, test } from 'vitest';
import type { Rotation } from '../../src/shared/rotation';
import { startFdmMonster } from '../fdm-monster/server';
import { generateAppKey, keyWorks } from '../integration/support/sim-api';
import { startOctoPrintSim } from '../sim/octoprint';
import { BROWSERS, useDriver, useStarted, type Driver } from './driver';

// Callbacks evaluated in the extension's pages use the raw `chrome` API (Firefox has it too).
declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// Key rotation in the real extension of both browsers (its background, storage.session, the workflow),
// driven by its messages from an extension page, as the farm page sends them: the OctoPrint simulator
// is the printer (Allow clicked there as the user) and the REAL FDM Monster holds it. The farm page's
// own buttons are the lead's farm e2e; the component is tested in test/unit/popup/rotate-keys.test.tsx.
describe.each(BROWSERS)('%s', (browser) => {
  const driver = useDriver(browser);
  const sim = useStarted('the OctoPrint simulator', startOctoPrintSim);
  const fdm = useStarted('FDM Monster', startFdmMonster);

  /** One message to the background, as an extension page sends it; a refusal fails the test with its message. */
  async function send<T>(d: Driver, type: string, payload: unknown): Promise<T> {
    const reply = await d.extension(async (message) => chrome.runtime.sendMessage(message), { type, payload });
    if (!reply?.ok) throw new Error(`${type}: ${JSON.stringify(reply?.error)}`);
    return reply.data as T;
  }
  beforeEach(async () => {
    await driver().extension(async () => {
      await chrome.storage.local.remove('vault');
      await chrome.storage.session.remove('keys.rotations');
    });
  });

  /** A key KeyDeck holds for the simulator, verified, that FDM Monster uses for a printer; KeyDeck holds an FDM Monster key. */
  async function heldAndInFdmMonster(app: string) {
    sim().setGroups('admin', ['admins', 'users']);
    // Made in OctoPrint's settings, so only the rotations' own requests count against its rate limit (3 a minute).
    const oldKey = await generateAppKey(sim(), sim().users.admin.apiKey, app);
    const { credential } = await send<{ credential: { id: string } }>(driver(), 'vault.add', { provider: 'octoprint', serviceUrl: sim().url, app, apiKey: oldKey });
    await send(driver(), 'credential.verify', { id: credential.id });
    await send(driver(), 'vault.add', { provider: 'fdm-monster', serviceUrl: fdm().url, app: 'KeyDeck', apiKey: fdm().operatorKey.token });
    const created = await fdm().api('POST', '/api/v2/printer', { name: app, printerURL: sim().url, apiKey: oldKey, printerType: 0, enabled: true });
    expect(created.status, created.text).toBe(200);
    return { oldKey, id: credential.id, printerId: (created.json as { id: number }).id };
  }

  const rotations = (d: Driver) => d.extension(async () => ((await chrome.storage.session.get('keys.rotations'))['keys.rotations'] ?? {}) as Record<string, Rotation>);

  test('a key FDM Monster uses is rotated: Allow in OctoPrint, FDM Monster gets the new key, the old one is revoked and gone', async () => {
    const { oldKey, id, printerId } = await heldAndInFdmMonster(`FDM Monster ${browser}`);
    const credential = { id };

    const started = await send<{ rotations: Rotation[]; refused: unknown[] }>(driver(), 'keys.rotate', { credentialIds: [credential.id] });
    expect(started.refused).toEqual([]);
    const newApp = started.rotations[0]!.newApp;
    expect(newApp).toMatch(new RegExp(`^FDM Monster ${browser} \\(rotated \\d{4}-\\d\\d-\\d\\d\\)$`));

    // The person clicks Allow in OctoPrint for the new key. KeyDeck never does.
    await expect.poll(() => sim().pending().some((p) => p.appId === newApp), { timeout: 10_000 }).toBe(true);
    expect(sim().approve(sim().pending().find((p) => p.appId === newApp)!.appToken, 'admin')).toBe(true);

    await expect.poll(async () => (await rotations(driver()))[credential.id]?.step, { timeout: 20_000 }).toBe('done');
    const newKey = sim().keys().find((k) => k.appId === newApp)!.apiKey;
    const printer = (await fdm().api('GET', `/api/v2/printer/${printerId}`)).json as { apiKey: string };
    expect(printer.apiKey).toBe(newKey);
    expect(await keyWorks(sim(), newKey)).toBe(true);
    expect(await keyWorks(sim(), oldKey)).toBe(false);
    const { credentials } = await send<{ credentials: { id: string; app: string }[] }>(driver(), 'vault.list', {});
    expect(credentials.map((c) => c.app).sort()).toEqual(['KeyDeck', newApp].sort());
    // Nothing secret is kept in the rotation's record.
    expect(JSON.stringify(await rotations(driver()))).not.toContain(newKey);
  });

  test('a background stopped while waiting for Allow carries the rotation on from storage.session', async () => {
    const { oldKey, id, printerId } = await heldAndInFdmMonster(`Slicer ${browser}`);
    const { rotations: [started] } = await send<{ rotations: Rotation[] }>(driver(), 'keys.rotate', { credentialIds: [id] });
    await expect.poll(() => sim().pending().some((p) => p.appId === started!.newApp), { timeout: 10_000 }).toBe(true);

    // Unloaded as the browser does when idle; a message (the farm page opening) wakes a new one at once.
    await driver().stopBackground();
    const { rotations: listed } = await send<{ rotations: Rotation[] }>(driver(), 'keys.rotations', {});
    expect(listed.map((r) => [r.id, r.step])).toEqual([[id, 'requesting']]);

    expect(sim().approve(sim().pending().find((p) => p.appId === started!.newApp)!.appToken, 'admin')).toBe(true);
    await expect.poll(async () => (await rotations(driver()))[id]?.step, { timeout: 20_000 }).toBe('done');
    const newKey = sim().keys().find((k) => k.appId === started!.newApp)!.apiKey;
    expect(((await fdm().api('GET', `/api/v2/printer/${printerId}`)).json as { apiKey: string }).apiKey).toBe(newKey);
    expect(await keyWorks(sim(), oldKey)).toBe(false);
  });
});
