import { useApi } from '../popup/api';
import { t } from '../popup/i18n';

/** The options page: the popup's own app, wider (index.html here sets data-view="tab"). */
export function tabViewUrl(from: string = location.href): string {
  return new URL('../options/index.html', from).href;
}

/** True on the options page / full-tab view, where a button to open it again would make no sense. */
export const inTabView = () => document.documentElement.dataset.view === 'tab';

/** "Open in a tab": the same app as the popup, in a tab of its own; nothing in the tab view itself. */
export function OpenInTabButton() {
  const api = useApi();
  if (inTabView()) return null;
  return (
    // An arrow, named for screen readers and on hover: with "Lock now" the header's words fill 380 px.
    <button type="button" aria-label={t('openInTab')} title={t('openInTab')} onClick={() => void api.openTab(tabViewUrl())}>
      <span aria-hidden="true">↗</span>
    </button>
  );
}
