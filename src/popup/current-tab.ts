import browser from 'webextension-polyfill';

/**
 * The tab the popup is about. As a toolbar popup that is the active tab; opened in a tab of its
 * own (popped out, or in tests) it is the tab the user was on last.
 */
export async function currentTabId(): Promise<number | undefined> {
  const self = await browser.tabs.getCurrent();
  if (!self) return (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  const others = (await browser.tabs.query({})).filter((tab) => tab.id !== self.id);
  others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return others[0]?.id;
}
