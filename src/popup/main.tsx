import { render } from 'preact';
import browser from 'webextension-polyfill';
import { ApiContext, createApi } from './api';
import { App } from './App';
import { BackupPage } from './backup/BackupPage';
import { FarmPage } from './farm/FarmPage';
import { markSeen } from './shell/presence';
import './styles.css';

performance.mark('keydeck:start');

const query = new URLSearchParams(location.search);
// Opening any view (the farm and backup tabs too) is seeing what arrived: the toolbar badge clears.
markSeen(browser.runtime);

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
