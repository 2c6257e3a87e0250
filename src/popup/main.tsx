import type { ComponentChildren } from 'preact';
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { ApiContext, createApi } from './api';
import { App } from './App';
import { markSeen } from './shell/presence';
import './styles.css';

performance.mark('keydeck:start');

const query = new URLSearchParams(location.search);
// Opening any view (the farm and backup tabs too) is seeing what arrived: the toolbar badge clears.
markSeen(browser.runtime);

const api = createApi(browser);
const show = (view: ComponentChildren) => render(<ApiContext.Provider value={api}>{view}</ApiContext.Provider>, document.getElementById('app')!);

// Backups and the print farm open this page in a tab (backup/BackupSection.tsx says why); their code
// loads only there, so the popup's own first bundle is the Keys list's.
const view = query.get('view');
if (view === 'backup') {
  const part = query.get('part') === 'import' ? 'import' : 'export';
  void import('./backup/BackupPage').then(({ BackupPage }) => show(<BackupPage part={part} />));
} else if (view === 'farm') {
  void import('./farm/FarmPage').then(({ FarmPage }) => show(<FarmPage />));
} else {
  show(<App />);
}
