import type { BackgroundBrowser } from './browser-api';

/** Shows the user a page: a tab already on that origin (focused), else a new tab. */
export function createShowPage(browser: Pick<BackgroundBrowser, 'tabs' | 'windows'>) {
  return async (url: string): Promise<void> => {
    const origin = new URL(url).origin;
    const tab = (await browser.tabs.query({})).find((t) => t.url && new URL(t.url).origin === origin);
    if (tab?.id === undefined) return void (await browser.tabs.create({ url }));
    await browser.tabs.update(tab.id, { active: true });
    if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
  };
}
