import type { WatchedTab } from '../shared/capture';

/** The part of `declarativeNetRequest` KeyDeck uses: session rules (gone when the browser quits). */
export interface SessionRules {
  updateSessionRules(options: { addRules?: SessionRule[]; removeRuleIds?: number[] }): Promise<void>;
}
export interface SessionRule {
  id: number;
  priority: number;
  action: { type: 'block' } | { type: 'redirect'; redirect: { url: string } };
  condition: { tabIds: number[]; resourceTypes: ['main_frame']; regexFilter: string };
}

const escape = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** The watch's finish address as a request URL (the browser adds the slash after a bare host). */
export function finishPattern(entry: Pick<WatchedTab, 'kind' | 'returnUrl'>): string {
  return entry.kind === 'portal' ? `^${escape(entry.returnUrl ?? '')}\\?` : '^https://authenticated(:443)?/';
}

/**
 * One session rule per watched tab (its id is the tab's) stops the tab's top-level request to the
 * finish address before it is sent: the page never receives the secrets and never commits, so no
 * history entry is written and closing the tab leaves nothing with them among the recently closed.
 * What stops it differs per browser (checked in Chromium 156 and Firefox ESR 153): Chrome's
 * `block` commits an error page at the finish address, while a redirect to about:blank commits
 * nothing of it; Firefox's redirect records its source in history, while `block` just aborts the
 * navigation and leaves the tab on the page that started it.
 */
export function createFinishBlock(rules: SessionRules, firefox: boolean) {
  const action: SessionRule['action'] = firefox ? { type: 'block' } : { type: 'redirect', redirect: { url: 'about:blank' } };
  return {
    block: (tabId: number, entry: WatchedTab) =>
      rules.updateSessionRules({
        removeRuleIds: [tabId],
        addRules: [{ id: tabId, priority: 1, action, condition: { tabIds: [tabId], resourceTypes: ['main_frame'], regexFilter: finishPattern(entry) } }],
      }),
    unblock: (tabId: number) => rules.updateSessionRules({ removeRuleIds: [tabId] }),
  };
}
