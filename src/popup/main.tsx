import { render } from 'preact';
import browser from 'webextension-polyfill';
import { ApiContext, createApi } from './api';
import { App } from './App';
import { BackupPage } from './backup/BackupPage';
import { FarmPage } from './farm/FarmPage';
import { holdPresence } from './shell/presence';
import './styles.css';

performance.mark('keydeck:start');

const query = new URLSearchParams(location.search);
// Every view counts as KeyDeck being open (the farm and backup tabs too): keys arriving are seen.
holdPresence(browser.runtime);

render(
  <ApiContext.Provider value={createApi(browser)}>
    {/* Backups and the print farm open this page in a tab (backup/BackupSection.tsx says why). */}
    {query.get('view') === 'backup' ? (
      <BackupPage part={query.get('part') === 'import' ? 'import' : 'export'} />
    ) : query.get('view') === 'farm' ? (
      <FarmPage />
    ) : (
      <App />
    )}
  </ApiContext.Provider>,
  document.getElementById('app')!,
);
