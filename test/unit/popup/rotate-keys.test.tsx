import { afterEach, describe, expect, test, vi } from 'vitest';
import { RotateKeys } from '../../../src/popup/farm/RotateKeys';
import type { Rotation } from '../../../src/shared/rotation';
import { originPattern } from '../../../src/shared/validation';
import { createFakeApi, makeCredential } from '../support/fake-api';
import { button, buttons, cleanup, click, region, renderWithApi, text } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const base: Rotation = {
  id: 'old-1',
  serviceUrl: 'http://10.0.0.21',
  app: 'OctoFarm',
  user: 'admin',
  newApp: 'OctoFarm (rotated 2026-11-27)',
  step: 'requesting',
  flowId: 'octoprint|http://10.0.0.21|octofarm (rotated 2026-11-27)|admin',
  farms: [],
  message: 'Click Allow in OctoPrint at 10.0.0.21 for “OctoFarm (rotated 2026-11-27)”.',
  createdAt: 1,
  updatedAt: 1,
};

/** The page over a vault with two keys; `rotations` are what the background already holds when it opens. */
async function page(credentialIds: string[], options: { grant?: boolean; rotations?: Rotation[] } = {}) {
  const api = createFakeApi(options);
  await api.storage.rotations.set(Object.fromEntries((options.rotations ?? []).map((r) => [r.id, r])));
  const a = makeCredential({ id: 'k1', serviceUrl: 'http://10.0.0.21' });
  const b = makeCredential({ id: 'k2', serviceUrl: 'http://10.0.0.22:8080' });
  await api.addCredential(a);
  await api.addCredential(b);
  const { container } = renderWithApi(api, <RotateKeys credentialIds={credentialIds} />);
  const section = region(container, 'Rotate keys');
  return { api, section };
}

describe('RotateKeys', () => {
  test('asks for access to each chosen key’s server in the click, then starts the rotations; a refusal per key is said', async () => {
    const { api, section } = await page(['k1', 'k2']);
    api.handle('keys.rotate', async () => ({ rotations: [], refused: [{ credentialId: 'k2', message: 'Cura: only OctoPrint keys are rotated here.' }] }));
    await vi.waitFor(() => expect(button(section, 'Rotate 2 keys').disabled).toBe(false));
    click(button(section, 'Rotate 2 keys'));
    await vi.waitFor(() => expect(api.sentOf('keys.rotate')).toEqual([{ credentialIds: ['k1', 'k2'] }]));
    expect(api.originRequests).toEqual([[originPattern('http://10.0.0.21'), originPattern('http://10.0.0.22:8080')]]);
    await vi.waitFor(() => expect(section.querySelector('[role="alert"]')?.textContent).toBe('Cura: only OctoPrint keys are rotated here.'));
  });

  test('access refused: nothing is started, and the page says why', async () => {
    const { api, section } = await page(['k1'], { grant: false });
    await vi.waitFor(() => expect(button(section, 'Rotate 1 key').disabled).toBe(false));
    click(button(section, 'Rotate 1 key'));
    await vi.waitFor(() => expect(text(section)).toContain('KeyDeck needs your permission for these servers to ask them for new keys.'));
    expect(api.sentOf('keys.rotate')).toEqual([]);
  });

  test('each server’s rotation as the background stores it: waiting for Allow (Open, Cancel), then stopped with each FDM Monster’s state (Retry), then done', async () => {
    const { api, section } = await page([], { rotations: [base] });
    expect(text(section)).toContain('Select keys above to rotate them.');
    const row = await vi.waitFor(() => region(section, 'Rotation for 10.0.0.21'));
    expect(text(row)).toContain('OctoFarm → OctoFarm (rotated 2026-11-27) Waiting for Allow');
    expect(text(row)).toContain('Click Allow in OctoPrint at 10.0.0.21');
    api.handle('flow.open', async () => ({ ok: true }));
    click(button(row, 'Open OctoPrint'));
    await vi.waitFor(() => expect(api.sentOf('flow.open')).toEqual([{ id: base.flowId! }]));
    api.handle('keys.rotationCancel', async () => ({ rotation: { ...base, step: 'cancelled' } }));
    click(button(row, 'Cancel'));
    await vi.waitFor(() => expect(api.sentOf('keys.rotationCancel')).toEqual([{ id: 'old-1' }]));

    await api.storage.rotations.set({
      [base.id]: {
        ...base,
        step: 'failed',
        failedStep: 'updating',
        message: 'FDM Monster at 10.0.0.9:4000 could not be updated. The old key still works, on OctoPrint and in KeyDeck: nothing was revoked.',
        farms: [
          { serverUrl: 'http://10.0.0.9:4000', state: 'failed', message: 'FDM Monster at 10.0.0.9:4000 could not be updated: unreachable.' },
          { serverUrl: 'http://10.0.0.8:4000', state: 'updated', message: 'FDM Monster at 10.0.0.8:4000 now uses the new key for Prusa 1.' },
        ],
      },
    });
    await vi.waitFor(() => expect(text(region(section, 'Rotation for 10.0.0.21'))).toContain('Stopped: old key kept'));
    const failed = region(section, 'Rotation for 10.0.0.21');
    expect([...region(failed, 'FDM Monster').querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'FDM Monster at 10.0.0.9:4000 could not be updated: unreachable.',
      'FDM Monster at 10.0.0.8:4000 now uses the new key for Prusa 1.',
    ]);
    expect(buttons(failed, 'Open OctoPrint')).toEqual([]);
    expect(buttons(failed, 'Save in FDM Monster anyway')).toEqual([]); // only when FDM Monster could not reach the printer
    api.handle('keys.rotationRetry', async () => ({ rotation: base }));
    click(button(failed, 'Retry'));
    await vi.waitFor(() => expect(api.sentOf('keys.rotationRetry')).toEqual([{ id: 'old-1' }]));

    await api.storage.rotations.set({ [base.id]: { ...base, step: 'done', message: 'Done: OctoPrint at 10.0.0.21 has the new key.' } });
    await vi.waitFor(() => expect(text(region(section, 'Rotation for 10.0.0.21'))).toContain('Rotated'));
    const done = region(section, 'Rotation for 10.0.0.21');
    expect([...done.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Dismiss']);
  });

  test('FDM Monster could not reach the printer: "Save in FDM Monster anyway" retries with forceSave', async () => {
    const unreachable: Rotation = {
      ...base,
      step: 'failed',
      failedStep: 'updating',
      message: 'FDM Monster at 10.0.0.9:4000: FDM Monster cannot reach http://10.0.0.21 from its own host.',
      farms: [{ serverUrl: 'http://10.0.0.9:4000', state: 'failed', canForceSave: true, message: 'FDM Monster cannot reach http://10.0.0.21 from its own host.' }],
    };
    const { api, section } = await page([], { rotations: [unreachable] });
    const row = await vi.waitFor(() => region(section, 'Rotation for 10.0.0.21'));
    api.handle('keys.rotationRetry', async () => ({ rotation: unreachable }));
    click(button(row, 'Save in FDM Monster anyway'));
    await vi.waitFor(() => expect(api.sentOf('keys.rotationRetry')).toEqual([{ id: 'old-1', forceSave: true }]));
  });

  test('a rotation waiting for the unlock offers Continue, whose error is shown on its row', async () => {
    const { api, section } = await page([], { rotations: [{ ...base, step: 'updating', message: 'KeyDeck is locked: unlock it to carry on.' }] });
    const row = await vi.waitFor(() => region(section, 'Rotation for 10.0.0.21'));
    api.handle('keys.rotationRetry', async () => {
      throw new (await import('../../../src/shared/errors')).KeyDeckError('locked', 'KeyDeck is locked. Unlock it with your passphrase to use this key.');
    });
    click(button(row, 'Continue'));
    await vi.waitFor(() => expect(row.querySelector('[role="alert"]')?.textContent).toBe('KeyDeck is locked. Unlock it with your passphrase to use this key.'));
  });
});
