import type { Runtime } from 'webextension-polyfill';
import { POPUP_PORT, SEEN } from '../shared/popup-port';
import type { BackgroundBrowser } from './browser-api';

/** When the user last had KeyDeck open (ms), and whether the toolbar shows arrivals now. */
export interface ArrivalsState {
  seenAt: number | null;
  shown: boolean;
}

export interface ArrivalItem {
  get(): Promise<ArrivalsState>;
  update(change: (value: ArrivalsState) => ArrivalsState): Promise<ArrivalsState>;
}

const GREEN = '#11763a';

/**
 * Keys that arrived while no KeyDeck page was open (Allow clicked in OctoPrint after the popup
 * closed, a finish page captured, an account key): counted by `createdAt` after the last time a
 * KeyDeck page was open, and shown on the toolbar button until one opens. Badge only — no
 * notification (that would need the `notifications` permission, which KeyDeck does not ask for).
 */
export function createArrivals({
  item,
  listCredentials,
  pageOpen,
  now = Date.now,
}: {
  item: ArrivalItem;
  listCredentials: () => Promise<ReadonlyArray<{ createdAt: number }>>;
  /** Whether a KeyDeck page (the popup, or the app in a tab) is open now: `runtime.getContexts`. */
  pageOpen: () => Promise<boolean>;
  now?: () => number;
}) {
  const seen = () => item.update((state) => ({ ...state, seenAt: now() }));
  return {
    /** Keys not seen yet: none while a KeyDeck page is open (and what arrives then counts as seen). */
    async unseen(): Promise<number> {
      if (await pageOpen().catch(() => false)) {
        await seen();
        return 0;
      }
      const { seenAt } = await item.get();
      if (seenAt === null) {
        // Never recorded (just installed or updated): what is already stored is not news.
        await item.update((state) => ({ ...state, seenAt: state.seenAt ?? now() }));
        return 0;
      }
      return (await listCredentials().catch(() => [])).filter((credential) => credential.createdAt > seenAt).length;
    },
    /**
     * A KeyDeck page opened and said so (`runtime.onConnect`, holding the port only until answered,
     * so it never keeps a worker running): everything so far is seen; `changed` redraws the badge if
     * it showed arrivals. Otherwise it already shows what it should, and redrawing it would read the
     * whole vault while the popup is painting its first screen.
     */
    onConnect(port: Runtime.Port, isOwnPage: (sender: Runtime.MessageSender | undefined) => boolean, changed: () => void) {
      if (port.name !== POPUP_PORT || !isOwnPage(port.sender)) return;
      void seen()
        .then(({ shown }) => shown && changed())
        .catch(() => undefined)
        .finally(() => port.postMessage(SEEN));
    },
    /** Draws the badge for `count` (drawArrivals), remembering whether it shows arrivals. */
    async draw(count: number, drawn: (count: number) => Promise<void>): Promise<void> {
      const { shown } = await item.get();
      if (count === 0 && !shown) return;
      await drawn(count);
      if (shown !== count > 0) await item.update((state) => ({ ...state, shown: count > 0 }));
    },
  };
}

export type Arrivals = ReturnType<typeof createArrivals>;

/**
 * Draws the arrivals on the toolbar: the global badge, and every tab that has a badge of its own
 * (a tab showing OctoPrint is marked "OP", which would hide the global one there — and that is the
 * tab where the user just clicked Allow). `count` 0 puts those tabs back to "OP".
 */
export async function drawArrivals(
  browser: Pick<BackgroundBrowser, 'action'>,
  count: number,
  markedTabs: () => Promise<number[]>,
  title: (count: string) => string,
): Promise<void> {
  const tabs = await markedTabs().catch(() => []);
  if (count === 0) {
    await Promise.all(tabs.map((tabId) => browser.action.setBadgeText({ tabId, text: 'OP' }).catch(() => undefined)));
    return;
  }
  const text = String(count);
  await browser.action.setBadgeBackgroundColor({ color: GREEN });
  await browser.action.setBadgeText({ text });
  await browser.action.setTitle({ title: title(text) });
  for (const tabId of tabs) {
    await browser.action.setBadgeBackgroundColor({ tabId, color: GREEN }).catch(() => undefined);
    await browser.action.setBadgeText({ tabId, text }).catch(() => undefined);
  }
}

type GetContexts = (filter: { contextTypes: string[] }) => Promise<Array<{ contextType: string; documentUrl?: string; tabId?: number }>>;

/**
 * Whether the user can see KeyDeck now: its popup, or its page (the app in a tab, the farm view) in
 * the active tab of a window — a KeyDeck tab left behind another tab does not count. Asked of
 * `runtime.getContexts` (Chrome 116+, Firefox 128+); without it, KeyDeck counts as not in view.
 */
export async function keyDeckPageOpen(browser: Pick<BackgroundBrowser, 'runtime' | 'tabs'>): Promise<boolean> {
  const getContexts = (browser.runtime as unknown as { getContexts?: GetContexts }).getContexts;
  if (!getContexts) return false;
  const page = browser.runtime.getURL('/src/popup/index.html');
  const contexts = (await getContexts.call(browser.runtime, { contextTypes: ['POPUP', 'TAB'] })).filter((context) => context.documentUrl?.startsWith(page));
  if (contexts.some((context) => context.contextType === 'POPUP')) return true;
  const tabs = await Promise.all(
    contexts.map((context) => (context.tabId === undefined || context.tabId < 0 ? null : browser.tabs.get(context.tabId).catch(() => null))),
  );
  return tabs.some((tab) => tab?.active === true);
}
