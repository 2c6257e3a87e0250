import type { Browser } from 'webextension-polyfill';

/** The browser APIs the background uses: the real polyfill, or fakes in unit tests. */
export type BackgroundBrowser = Pick<
  Browser,
  'action' | 'alarms' | 'declarativeNetRequest' | 'history' | 'i18n' | 'permissions' | 'runtime' | 'scripting' | 'storage' | 'tabs' | 'webRequest' | 'windows'
>;
