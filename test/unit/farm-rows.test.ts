import { describe, expect, test } from 'vitest';
import type { FarmServer } from '../../src/shared/farm';
import { deriveRow, farmProgress } from '../../src/shared/farm-rows';
import type { FlowView } from '../../src/shared/flow';

const URL = 'http://10.0.0.21';
const probed: FarmServer = { url: URL, name: 'Prusa 1', probe: { finding: 'ok', message: 'OctoPrint with Application Keys.', at: 1 } };

function flow(overrides: Partial<FlowView>): FlowView {
  return { id: 'f1', provider: 'octoprint', serviceUrl: URL, app: 'FDM Monster', phase: 'waiting', createdAt: 1, message: 'Waiting for you to click Allow.', canOpen: true, ...overrides };
}

describe('a farm row’s state', () => {
  test('before its turn, while probed, and cancelled before its turn', () => {
    expect(deriveRow({ url: URL }, undefined, undefined, false)).toMatchObject({ state: 'queued', canOpen: false });
    expect(deriveRow({ url: URL }, undefined, undefined, true)).toMatchObject({ state: 'probing' });
    expect(deriveRow({ url: URL, cancelled: true }, undefined, undefined, false)).toMatchObject({ state: 'cancelled' });
  });

  test.each([
    ['unreachable', 'unreachable'],
    ['certificate', 'unreachable'],
    ['not-octoprint', 'not-octoprint'],
    ['no-plugin', 'no-plugin'],
    ['not-set-up', 'not-set-up'],
    ['basic-auth', 'basic-auth'],
    ['error', 'failed'],
  ] as const)('a probe that found %s: row %s, with the probe’s message', (finding, state) => {
    const row = deriveRow({ url: URL, probe: { finding, message: `found ${finding}`, at: 1 } }, undefined, undefined, false);
    expect(row).toMatchObject({ state, message: `found ${finding}`, canOpen: false });
    expect(row.flowId).toBeUndefined();
  });

  test('waiting for Allow: time left and Open; rate-limited: until when', () => {
    expect(deriveRow(probed, flow({ expiresAt: 600_001 }), undefined, false)).toMatchObject({ state: 'waiting', expiresAt: 600_001, canOpen: true, flowId: 'f1', name: 'Prusa 1' });
    expect(deriveRow(probed, flow({ phase: 'rate-limited', retryAt: 60_000, canOpen: false }), undefined, false)).toMatchObject({ state: 'rate-limited', retryAt: 60_000, canOpen: false });
  });

  test.each([
    ['denied-or-expired', 'denied'],
    ['expired', 'denied'],
    ['lapsed', 'denied'],
    ['unreachable', 'unreachable'],
    ['unsupported', 'no-plugin'],
    ['rate-limited', 'failed'],
    ['server-error', 'failed'],
    ['vault', 'failed'],
  ] as const)('a request that ended %s: row %s, with the request’s message', (outcome, state) => {
    expect(deriveRow(probed, flow({ phase: 'failed', outcome, message: 'why' }), undefined, false)).toMatchObject({ state, message: 'why', canOpen: false });
  });

  test('saved and verified: "verified" with the user and the warnings a farm manager cares about', () => {
    const saved = flow({ phase: 'done', outcome: 'saved', credentialId: 'c1', message: 'Works as admin' });
    const verification = { at: 2, ok: true, summary: 'Works as admin on OctoPrint 1.11.8.', warnings: ['CORS is off: …'] };
    expect(deriveRow(probed, saved, { id: 'c1', user: 'admin', verification }, false)).toMatchObject({
      state: 'verified',
      credentialId: 'c1',
      user: 'admin',
      message: 'Works as admin on OctoPrint 1.11.8.',
      warnings: ['CORS is off: …'],
    });
  });

  test('saved but the check failed, or not checked, or the key removed since: "allowed"', () => {
    const saved = flow({ phase: 'done', outcome: 'saved', credentialId: 'c1', message: 'Saved. It could not be verified just now.' });
    const failed = { at: 2, ok: false, summary: 'OctoPrint rejects this key (403)…', warnings: [] };
    expect(deriveRow(probed, saved, { id: 'c1', verification: failed }, false)).toMatchObject({ state: 'allowed', message: 'OctoPrint rejects this key (403)…' });
    expect(deriveRow(probed, saved, { id: 'c1' }, false)).toMatchObject({ state: 'allowed', message: 'Saved. It could not be verified just now.' });
    expect(deriveRow(probed, saved, undefined, false)).toMatchObject({ state: 'allowed' });
    expect(deriveRow(probed, flow({ phase: 'saving' }), undefined, false)).toMatchObject({ state: 'allowed' });
  });

  test('no plugin: once a key for that server is added by hand, the row shows it (verified or not)', () => {
    const noPlugin: FarmServer = { url: URL, probe: { finding: 'no-plugin', message: 'no plugin', at: 1 } };
    expect(deriveRow(noPlugin, undefined, undefined, false)).toMatchObject({ state: 'no-plugin', message: 'no plugin' });
    const verification = { at: 2, ok: true, summary: 'Works as bob on OctoPrint 1.11.8.', warnings: ['User bob is not in Admins…'] };
    expect(deriveRow(noPlugin, undefined, { id: 'm1', user: 'bob', verification }, false)).toMatchObject({
      state: 'verified',
      credentialId: 'm1',
      user: 'bob',
      message: 'Works as bob on OctoPrint 1.11.8.',
      warnings: ['User bob is not in Admins…'],
    });
    expect(deriveRow(noPlugin, undefined, { id: 'm1' }, false)).toMatchObject({ state: 'allowed', message: 'no plugin' });
    // A saved key never turns a denied request into a success.
    expect(deriveRow(probed, flow({ phase: 'failed', outcome: 'denied-or-expired', message: 'denied' }), { id: 'm1', verification }, false)).toMatchObject({ state: 'denied' });
  });

  test('progress counts ended rows and rows with a key', () => {
    const rows = [
      deriveRow({ url: 'a' }, undefined, undefined, false),
      deriveRow(probed, flow({}), undefined, false),
      deriveRow(probed, flow({ phase: 'done', outcome: 'saved' }), undefined, false),
      deriveRow(probed, flow({ phase: 'failed', outcome: 'denied-or-expired' }), undefined, false),
    ];
    expect(farmProgress(rows)).toEqual({ ended: 2, withKey: 1, total: 4 });
  });
});
