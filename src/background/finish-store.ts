import { t } from '../shared/i18n';
import type { CaptureResult, WatchedTab } from '../shared/capture';
import { KeyDeckError } from '../shared/errors';
import { cocalc } from '../providers/cocalc';
import { octoeverywhere } from '../providers/octoeverywhere';
import type { Store } from '../storage';
import { fingerprint } from './fingerprint';
import { credentialFromFinish } from './finish-credential';
import { parseCocalcLegacy, parsePortalFinish } from './finish-page';
import type { Vault } from './vault';

/** The newest hand-over outcomes the popup shows (its capture cards). */
const MAX_RESULTS = 10;

const providerOf = (entry: Pick<WatchedTab, 'kind'>) => (entry.kind === 'cocalc-legacy' ? cocalc.id : octoeverywhere.id);

export interface FinishStoreDeps {
  /** The `captureResults` and `captureUnsaved` storage items (storage.session). */
  items: Pick<Store, 'captureResults' | 'captureUnsaved'>;
  vault: Pick<Vault, 'list' | 'receive'>;
  now: () => number;
  newId: () => string;
}

/**
 * What a finish URL carries, saved once (finish-capture.ts decides when), and each hand-over's
 * outcome kept for the popup: a key that arrived but could not be saved stays there for Copy.
 */
export function createFinishStore({ items, vault, now, newId }: FinishStoreDeps) {
  async function report(result: Omit<CaptureResult, 'id' | 'at'>): Promise<CaptureResult> {
    const full = { ...result, id: newId(), at: now() };
    await items.captureResults.update((list) => [full, ...list].slice(0, MAX_RESULTS));
    return full;
  }

  /** Stores what a finish URL carries, once per URL. */
  async function store(url: string, entry: Pick<WatchedTab, 'kind' | 'app' | 'serviceUrl'>): Promise<CaptureResult> {
    const base = { kind: entry.kind, app: entry.app, serviceUrl: entry.serviceUrl, provider: providerOf(entry) };
    const [capturedFrom, entries] = await Promise.all([fingerprint(url), vault.list()]);
    const existing = entries.find((c) => c.capturedFrom === capturedFrom);
    if (existing) return report({ ...base, ok: true, credentialId: existing.id, message: t('captureAlreadySaved', existing.app) });

    const found = credentialFromFinish(url, entry, now(), capturedFrom);
    if (!found.ok) return report({ ...base, ok: false, message: found.message });
    const credential = await vault.receive(found.credential); // the inbox: fold() moves it into the vault
    return report({ ...base, serviceUrl: found.credential.serviceUrl, ok: true, credentialId: credential.id, message: found.message, ...(found.missingKey ? { missingKey: true } : {}) });
  }

  /**
   * Stores what a finish URL carries; when storage is full, keeps its key in storage.session for the
   * popup's Copy and Reveal (handed over once, it must not be lost) and says so. True when saved.
   */
  async function storeOrKeep(url: string, entry: WatchedTab): Promise<boolean> {
    try {
      await store(url, entry);
      return true;
    } catch (error) {
      if (!(error instanceof KeyDeckError) || error.code !== 'storage-full') throw error;
      const parsed = entry.kind === 'cocalc-legacy' ? parseCocalcLegacy(url) : parsePortalFinish(url);
      const apiKey = parsed.ok ? parsed.value.apiKey : undefined;
      const result = await report({
        kind: entry.kind, app: entry.app, serviceUrl: entry.serviceUrl, provider: providerOf(entry), ok: false,
        message: `${error.message} ${apiKey ? `${t('captureUnsavedKey')} ` : ''}${t('captureAgain')}`,
        ...(apiKey ? { unsavedKey: true } : {}),
      });
      if (apiKey) await items.captureUnsaved.update((held) => ({ ...held, [result.id]: apiKey }));
      return false;
    }
  }

  return {
    store,
    storeOrKeep,
    results: () => items.captureResults.get(),
    dismiss: async (id: string) => {
      await items.captureUnsaved.update(({ [id]: _gone, ...rest }) => rest);
      await items.captureResults.update((list) => list.filter((r) => r.id !== id));
    },

    /** A handed-over key that could not be saved (see storeOrKeep). */
    async unsavedKey(id: string): Promise<string> {
      const key = (await items.captureUnsaved.get())[id];
      if (!key) throw new KeyDeckError('not-found', t('captureNoUnsavedKey'));
      return key;
    },
  };
}
