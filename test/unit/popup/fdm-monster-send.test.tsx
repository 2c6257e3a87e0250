import { afterEach, describe, expect, test, vi } from 'vitest';
import { FdmMonsterSend } from '../../../src/popup/farm/FdmMonsterSend';
import { withUnlockPrompt } from '../../../src/popup/lock/guarded-api';
import { KeyDeckError } from '../../../src/shared/errors';
import type { FdmSendResult, Payload } from '../../../src/shared/messages';
import { createFakeApi, makeCredential } from '../support/fake-api';
import { button, buttons, choose, cleanup, click, deferred, field, region, renderWithApi, text } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const FDM_KEY = `fdmm_api_${'F'.repeat(43)}`;
const target = (host: string, app = 'KeyDeck') => makeCredential({ provider: 'fdm-monster', serviceUrl: `http://${host}`, app, secrets: { apiKey: FDM_KEY } });
const printers = (n: number) => Array.from({ length: n }, (_, i) => makeCredential({ serviceUrl: `http://10.0.0.${21 + i}`, app: 'FDM Monster' }));

/** FDM Monster's verdicts as the background would answer: created, unless the test says otherwise. */
const created = (credentialId: string): FdmSendResult => ({ credentialId, status: 'created', message: `Printer added (${credentialId}), and FDM Monster checked the key with OctoPrint.` });

async function setUp({ targets = [target('fdm.local:4000')], keys = printers(3) } = {}) {
  const api = createFakeApi();
  for (const c of [...targets, ...keys]) await api.addCredential(c);
  return { api, targets, keys, ids: keys.map((k) => k.id) };
}

const panel = (container: HTMLElement) => region(container, 'Send to FDM Monster');
const rows = (container: HTMLElement) => [...region(container, 'FDM Monster’s answers').querySelectorAll('li')].map((li) => text(li));

describe('Send to FDM Monster', () => {
  test('without an FDM Monster key it says how to add one, and offers no send button', async () => {
    const { api, ids } = await setUp({ targets: [] });
    const { container } = renderWithApi(api, <FdmMonsterSend credentialIds={ids} />);
    await vi.waitFor(() => expect(text(panel(container))).toContain('KeyDeck holds no FDM Monster key yet. Add one: in Accounts choose FDM Monster and sign in'));
    expect(buttons(container, /Send/)).toEqual([]);
  });

  test('sends the selected keys a few per message with progress, then one line per printer: its host and FDM Monster’s verdict', async () => {
    const { api, targets, keys, ids } = await setUp({ keys: printers(7) });
    const answers = [deferred<{ results: FdmSendResult[] }>(), deferred<{ results: FdmSendResult[] }>()];
    let call = 0;
    api.handle('fdm.send', () => answers[call++]!.promise);
    const { container } = renderWithApi(api, <FdmMonsterSend credentialIds={ids} />);
    await vi.waitFor(() => button(container, 'Send 7 keys to FDM Monster'));
    expect(text(panel(container))).toContain('fdm.local:4000 · KeyDeck');

    click(button(container, 'Send 7 keys to FDM Monster'));
    await vi.waitFor(() => expect(text(container)).toContain('Sending to FDM Monster: 0 of 7 answered…'));
    expect(button(container, 'Send 7 keys to FDM Monster').disabled).toBe(true);
    answers[0]!.resolve({ results: ids.slice(0, 5).map(created) });
    await vi.waitFor(() => expect(text(container)).toContain('Sending to FDM Monster: 5 of 7 answered…'));
    answers[1]!.resolve({
      results: [
        created(ids[5]!),
        { credentialId: ids[6]!, status: 'key-rejected', message: 'FDM Monster asked OctoPrint at 10.0.0.27, and OctoPrint rejected this key (HTTP 403): revoked, or for another server. Nothing was saved.' },
      ],
    });
    await vi.waitFor(() => expect(text(container)).toContain('FDM Monster holds 6 of 7 keys sent.'));

    expect(api.sentOf('fdm.send')).toEqual<Payload<'fdm.send'>[]>([
      { targetId: targets[0]!.id, credentialIds: ids.slice(0, 5) },
      { targetId: targets[0]!.id, credentialIds: ids.slice(5) },
    ]);
    expect(rows(container)).toEqual([
      ...keys.slice(0, 6).map((k) => `${new URL(k.serviceUrl).host} Printer added (${k.id}), and FDM Monster checked the key with OctoPrint.`),
      '10.0.0.27 FDM Monster asked OctoPrint at 10.0.0.27, and OctoPrint rejected this key (HTTP 403): revoked, or for another server. Nothing was saved.',
    ]);
    expect(button(container, 'Send 7 keys to FDM Monster').disabled).toBe(false);
  });

  test('“Save anyway” on a printer FDM Monster could not reach sends that key alone with forceSave, and its row takes the new verdict', async () => {
    const { api, targets, ids } = await setUp();
    api.handle('fdm.send', async ({ credentialIds, forceSave }) => ({
      results: credentialIds.map((credentialId, i) =>
        forceSave
          ? { credentialId, status: 'created', message: 'Printer 10.0.0.22 added (saved without FDM Monster checking the key).' }
          : i === 1
            ? { credentialId, status: 'unreachable', canForceSave: true, message: 'FDM Monster at fdm.local:4000 cannot reach http://10.0.0.22 from its own host.' }
            : created(credentialId),
      ),
    }));
    const { container } = renderWithApi(api, <FdmMonsterSend credentialIds={ids} />);
    await vi.waitFor(() => click(button(container, 'Send 3 keys to FDM Monster')));
    const unreachable = () => region(container, '10.0.0.22');
    await vi.waitFor(() => expect(text(unreachable())).toContain('cannot reach http://10.0.0.22 from its own host'));
    expect(buttons(container, 'Save anyway')).toHaveLength(1);

    click(button(unreachable(), 'Save anyway'));
    await vi.waitFor(() => expect(text(unreachable())).toBe('10.0.0.22 Printer 10.0.0.22 added (saved without FDM Monster checking the key).'));
    expect(api.sentOf('fdm.send').at(-1)).toEqual({ targetId: targets[0]!.id, credentialIds: [ids[1]], forceSave: true });
    expect(buttons(container, 'Save anyway')).toEqual([]);
    expect(rows(container)).toHaveLength(3);
  });

  test('with two FDM Monsters the user picks one, and the keys go to that one', async () => {
    const { api, targets, ids } = await setUp({ targets: [target('fdm-a.local'), target('fdm-b.local', 'Farm B')] });
    api.handle('fdm.send', async ({ credentialIds }) => ({ results: credentialIds.map(created) }));
    const { container } = renderWithApi(api, <FdmMonsterSend credentialIds={ids.slice(0, 1)} />);
    await vi.waitFor(() => expect(field<HTMLSelectElement>(container, 'FDM Monster').options).toHaveLength(2));
    const b = targets.find((c) => c.app === 'Farm B')!;
    choose(field<HTMLSelectElement>(container, 'FDM Monster'), b.id);
    click(button(container, 'Send 1 key to FDM Monster'));
    await vi.waitFor(() => expect(api.sentOf('fdm.send')).toEqual([{ targetId: b.id, credentialIds: [ids[0]] }]));
  });

  test('nothing selected: the button is disabled and says to select keys', async () => {
    const { api } = await setUp();
    const { container } = renderWithApi(api, <FdmMonsterSend credentialIds={[]} />);
    await vi.waitFor(() => expect(button(container, 'Send 0 keys to FDM Monster').disabled).toBe(true));
    expect(text(container)).toContain('Select the keys to send first.');
  });

  test('FDM Monster refusing KeyDeck’s own key stops the run and says why; the keys not yet sent are not sent', async () => {
    const { api, ids } = await setUp({ keys: printers(8) });
    api.handle('fdm.send', async () => {
      throw new KeyDeckError('forbidden', 'FDM Monster at fdm.local:4000 does not accept this key (deleted, mistyped, or a sign-in that expired).');
    });
    const { container } = renderWithApi(api, <FdmMonsterSend credentialIds={ids} />);
    await vi.waitFor(() => click(button(container, 'Send 8 keys to FDM Monster')));
    await vi.waitFor(() => expect(text(container)).toContain('does not accept this key (deleted, mistyped, or a sign-in that expired).'));
    expect(api.sentOf('fdm.send')).toHaveLength(1);
    expect(text(container)).toContain('FDM Monster holds 0 of 8 keys sent.');
  });

  test('while locked, the unlock prompt runs and the same keys are sent once unlocked', async () => {
    const { api, ids } = await setUp();
    let unlocked = false;
    api.handle('fdm.send', async ({ credentialIds }) => {
      if (!unlocked) throw new KeyDeckError('locked', 'KeyDeck is locked.');
      return { results: credentialIds.map(created) };
    });
    const asked: string[] = [];
    const guarded = withUnlockPrompt(api, async (type) => {
      asked.push(type);
      unlocked = true; // the user typed the passphrase
      return true;
    });
    const { container } = renderWithApi(guarded, <FdmMonsterSend credentialIds={ids} />);
    await vi.waitFor(() => click(button(container, 'Send 3 keys to FDM Monster')));
    await vi.waitFor(() => expect(text(container)).toContain('FDM Monster holds 3 of 3 keys sent.'));
    expect(asked).toEqual(['fdm.send']);
    expect(rows(container)).toHaveLength(3);
  });
});
