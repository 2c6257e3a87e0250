import type { BackgroundBrowser } from './browser-api';

type Action = Pick<BackgroundBrowser, 'action'>;

/** A tab that shows OctoPrint is marked on the toolbar button. */
export const tabBadge = (browser: Action) => async (tabId: number, text: string) => {
  await browser.action.setBadgeBackgroundColor({ tabId, color: '#13803b' });
  await browser.action.setBadgeText({ tabId, text });
};

/** The badge for all tabs: keys that expire soon or have expired (a tab showing OctoPrint keeps its own). */
export const globalBadge = (browser: Action) => async (text: string, title: string) => {
  await browser.action.setBadgeBackgroundColor({ color: '#b3261e' });
  await browser.action.setBadgeText({ text });
  await browser.action.setTitle({ title });
};
