import type { Registry } from '../providers/registry';
import type { ProviderContext } from '../providers/types';
import { KeyDeckError, toErrorData } from '../shared/errors';
import type { CheckResult } from '../shared/messages';
import type { FieldPatch, Vault } from './vault';

/** Keys checked at once: a few servers answer in parallel, none is sent a burst. */
export const CHECK_CONCURRENCY = 4;

export interface CheckAllDeps {
  vault: Vault;
  providers: Registry;
  ctx: ProviderContext;
  concurrency?: number;
}

const isCode = (error: unknown, code: string) => error instanceof KeyDeckError && error.code === code;

/**
 * "Check all": each key verified as Verify does it (the provider's `verify`, the answer recorded on the
 * entry), `concurrency` at a time, in the order given (every entry when `ids` is absent). A key whose
 * provider cannot verify, or that holds no API key, is `unchecked`; one removed meanwhile is `gone`.
 * While locked nothing is sent to any server: the first key's secrets throw `locked`, and so does
 * the whole check, so the popup's unlock prompt can run it again.
 */
export async function checkAll({ vault, providers, ctx, concurrency = CHECK_CONCURRENCY }: CheckAllDeps, ids?: readonly string[]): Promise<CheckResult[]> {
  const entries = new Map((await vault.list()).map((entry) => [entry.id, entry]));
  const targets = ids ?? [...entries.keys()];
  // What each check found, written in one vault write at the end (a write per key rewrote the whole vault each time).
  const found = new Map<string, FieldPatch>();

  async function checkOne(id: string): Promise<CheckResult> {
    const entry = entries.get(id);
    if (!entry) return { id, outcome: 'gone' };
    const verify = providers.find(entry.provider)?.verify;
    if (!verify || !entry.secretFields.includes('apiKey')) return { id, outcome: 'unchecked' };
    try {
      const { verification, user } = await verify(await vault.secrets(id), ctx);
      found.set(id, { verification, ...(user ? { user } : {}) });
      return { id, outcome: verification.ok ? 'working' : 'refused', message: verification.summary };
    } catch (error) {
      if (isCode(error, 'locked')) throw error;
      if (isCode(error, 'not-found')) return { id, outcome: 'gone' };
      return { id, outcome: isCode(error, 'unreachable') ? 'unreachable' : 'failed', message: toErrorData(error).message };
    }
  }

  try {
    return await inPool(targets, concurrency, checkOne);
  } finally {
    await vault.updateFields(found); // what was found before a failure (or the lock) is kept too
  }
}

/**
 * `run` over `items`, at most `limit` at a time, results in the items' order. The first failure
 * stops new starts and is what the whole call rejects with.
 */
export async function inPool<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  async function worker(): Promise<void> {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await run(items[index]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
