import { expect } from 'vitest';
import type { Driver, Tab } from '../driver';
import type { Popup } from '../pages/popup';

declare const chrome: any; // eslint-disable-line @typescript-eslint/no-explicit-any

export const portalForm = { role: 'form', name: 'OctoEverywhere App Portal' } as const;

/** The tabs KeyDeck watches for a hand-over (storage.session, readable from its own pages). */
export const watchedTabs = (driver: Driver): Promise<string[]> =>
  driver.extension(async () => Object.keys((await chrome.storage.session.get('capture.tabs'))['capture.tabs'] ?? {}));

/**
 * The tab a hand-over button opened, once KeyDeck watches it (as a person, who reads the page
 * before signing in, never acts before that), and the id under which it is watched.
 */
export async function handOverTab(driver: Driver, start: () => Promise<unknown>): Promise<{ tab: Tab; watched: string }> {
  const before = await watchedTabs(driver);
  const tab = await driver.tabOpenedBy(start);
  const added = async () => (await watchedTabs(driver)).filter((id) => !before.includes(id));
  await expect.poll(added, { timeout: 15_000 }).toHaveLength(1);
  return { tab, watched: (await added())[0]! };
}

/** Starts "Connect through OctoEverywhere" in the popup and returns the portal tab it opened. */
export async function connectThroughPortal(driver: Driver, popup: Popup, app: string): Promise<Tab> {
  await popup.tab.bringToFront();
  await popup.openTab('Connect');
  await popup.tab.fill([portalForm, { label: 'App name' }], app);
  return (await handOverTab(driver, () => popup.button('Connect through OctoEverywhere', portalForm))).tab;
}
