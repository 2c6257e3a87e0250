import { afterEach, describe, expect, test, vi } from 'vitest';
import { CHECK_BATCH, CheckAllSummary, type CheckFilter } from '../../../src/popup/check/CheckAllSummary';
import { withUnlockPrompt } from '../../../src/popup/lock/guarded-api';
import { KeyDeckError } from '../../../src/shared/errors';
import type { CheckResult, Responses } from '../../../src/shared/messages';
import { createFakeApi, makeCredential, viewOf } from '../support/fake-api';
import { button, buttons, cleanup, click, deferred, renderWithApi, text } from '../support/render';

vi.mock('webextension-polyfill', async () => (await import('../support/i18n-mock')).polyfillMock);

afterEach(cleanup);

const NOW = 1_800_000_000_000;
const DAY = 86_400_000;

/** 11 OctoPrint keys (the 2nd expires in 2 days), then a portal connection KeyDeck cannot check. */
function vault() {
  const keys = Array.from({ length: 11 }, (_, i) =>
    viewOf(makeCredential({ app: `App ${i}`, ...(i === 1 ? { expiresAt: NOW + 2 * DAY } : {}) })),
  );
  const connection = viewOf(makeCredential({ provider: 'octoeverywhere', app: 'Portal', secrets: { connectionUrl: 'https://x.octoeverywhere.com' } }));
  return { keys, connection, all: [...keys, connection] };
}

/** The background's answer, by position in the vault: 2 and 5 refused, 9 unreachable, the rest working. */
const outcomeOf = (index: number): CheckResult['outcome'] => (index === 2 || index === 5 ? 'refused' : index === 9 ? 'unreachable' : 'working');

function setUp() {
  const { keys, connection, all } = vault();
  const batches: Array<{ ids: string[]; answer: ReturnType<typeof deferred<Responses['vault.checkAll']>> }> = [];
  const api = createFakeApi({
    handlers: {
      'vault.checkAll': async ({ ids }) => {
        const answer = deferred<Responses['vault.checkAll']>();
        batches.push({ ids: ids!, answer });
        return answer.promise;
      },
    },
  });
  const answer = (batch: number) =>
    batches[batch]!.answer.resolve({ checked: batches[batch]!.ids.map((id) => ({ id, outcome: outcomeOf(keys.findIndex((k) => k.id === id)) })) });
  const filters: CheckFilter[] = [];
  const announced: string[] = [];
  const { container } = renderWithApi(
    api,
    <CheckAllSummary credentials={all} now={NOW} onFilter={(f) => filters.push(f)} announce={(t) => announced.push(t)} />,
  );
  return { api, keys, connection, batches, answer, filters, announced, container };
}

describe('Check all', () => {
  test('checks the keys KeyDeck can check in batches, shows progress, then counts that filter the list', async () => {
    const { keys, connection, batches, answer, filters, announced, container } = setUp();
    click(button(container, 'Check all keys'));
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    // The portal connection is not sent: its provider cannot verify.
    expect(batches[0]!.ids).toEqual(keys.slice(0, CHECK_BATCH).map((k) => k.id));
    expect(text(container)).toContain('Checking keys: 0 of 11 done…');
    expect(container.querySelector('progress')?.getAttribute('value')).toBe('0');
    expect(button(container, 'Check all keys').disabled).toBe(true);

    answer(0);
    await vi.waitFor(() => expect(batches).toHaveLength(2));
    expect(batches[1]!.ids).toEqual(keys.slice(CHECK_BATCH).map((k) => k.id));
    expect(text(container)).toContain('Checking keys: 8 of 11 done…');

    answer(1);
    await vi.waitFor(() => expect(text(container)).toContain('Checked 11 of 11 keys.'));
    expect(container.querySelector('progress')).toBeNull();
    expect(buttons(container, /^\d+ /).map((b) => text(b))).toEqual(['8 working', '2 refused', '1 unreachable', '1 cannot be checked', '1 expiring']);
    expect(announced).toEqual(['Checked 11 of 11 keys. 8 working, 2 refused, 1 unreachable, 1 cannot be checked, 1 expiring']);

    click(button(container, '2 refused'));
    click(button(container, '1 cannot be checked'));
    click(button(container, '1 expiring'));
    expect(filters.map((f) => [f.label, [...f.ids]])).toEqual([
      ['Keys their server refused (revoked, or not valid there)', [keys[2]!.id, keys[5]!.id]],
      ['Keys KeyDeck cannot check', [connection.id]],
      ['Keys that expire soon or have expired', [keys[1]!.id]],
    ]);
    expect(button(container, 'Check all again').disabled).toBe(false);
  });

  test('Stop ends the run after the batch under way', async () => {
    const { batches, answer, container } = setUp();
    click(button(container, 'Check all keys'));
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    click(button(container, 'Stop'));
    answer(0);
    await vi.waitFor(() => expect(text(container)).toContain('Stopped after 8 of 11 keys.'));
    expect(batches).toHaveLength(1);
    expect(text(button(container, /^\d+ working$/))).toBe('6 working');
  });

  test('locked: the api asks to unlock and sends the same batch again; the run carries on', async () => {
    const { keys } = vault();
    const api = createFakeApi();
    const sent: string[][] = [];
    api.handle('vault.checkAll', async ({ ids }) => {
      sent.push(ids!);
      if (sent.length === 1) throw new KeyDeckError('locked', 'KeyDeck is locked.');
      return { checked: ids!.map((id) => ({ id, outcome: 'working' as const })) };
    });
    const asked: string[] = [];
    const guarded = withUnlockPrompt(api, async (type) => (asked.push(type), true));
    const { container } = renderWithApi(guarded, <CheckAllSummary credentials={keys} now={NOW} onFilter={() => undefined} />);
    click(button(container, 'Check all keys'));
    await vi.waitFor(() => expect(text(container)).toContain('Checked 11 of 11 keys.'));
    expect(asked).toEqual(['vault.checkAll']);
    expect(sent.map((ids) => ids.length)).toEqual([8, 8, 3]);
    expect(sent[0]).toEqual(sent[1]);
    expect(text(button(container, /working$/))).toBe('11 working');
  });

  test('an error stops the run and says why; what was checked stays counted', async () => {
    const { keys } = vault();
    const api = createFakeApi();
    let calls = 0;
    api.handle('vault.checkAll', async ({ ids }) => {
      if (++calls === 2) throw new KeyDeckError('locked', 'KeyDeck is locked. Unlock it with your passphrase to use this key.');
      return { checked: ids!.map((id) => ({ id, outcome: 'working' as const })) };
    });
    const { container } = renderWithApi(api, <CheckAllSummary credentials={keys} now={NOW} onFilter={() => undefined} />);
    click(button(container, 'Check all keys'));
    await vi.waitFor(() => expect(text(container)).toContain('Stopped after 8 of 11 keys.'));
    expect(text(container)).toContain('KeyDeck is locked. Unlock it with your passphrase to use this key.');
    expect(text(button(container, /working$/))).toBe('8 working');
  });

  test('an empty vault offers no Check all', () => {
    const { container } = renderWithApi(createFakeApi(), <CheckAllSummary credentials={[]} now={NOW} onFilter={() => undefined} />);
    expect(buttons(container, 'Check all keys')).toEqual([]);
    expect(container.querySelector('section')).toBeNull();
  });
});
