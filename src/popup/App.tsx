import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS } from '../shared/settings';
import type { AddKeyPrefill } from './AddKeyForm';
import { OpenInTabButton } from '../options/OpenInTabButton';
import { useApi } from './api';
import { farmPageUrl } from './farm/farm-url';
import { t } from './i18n';
import { LockIndicator } from './lock/LockIndicator';
import { LockProvider, useLock } from './lock/lock-context';
// Not lazy: tiny, and when it is needed the user is waiting for it (a copy met the lock).
import { UnlockPrompt } from './lock/UnlockPrompt';
import { AnnouncerProvider, useAnnounce } from './shell/announcer';
import { AddKeyForm, KeysPanel } from './shell/KeysPanel';
import { lazy, preloadWhenIdle } from './shell/lazy';
import { TabBar, TabPanel } from './shell/TabBar';
import { useEscape } from './shell/use-escape';
import { useStored } from './use-stored';

// Only the Keys list is in the first bundle: the other panels load when opened (or once the popup is idle).
const ConnectPanel = lazy(async () => (await import('./ConnectPanel')).ConnectPanel);
const AccountsPanel = lazy(async () => (await import('./accounts/AccountsPanel')).AccountsPanel);
const SettingsPanel = lazy(async () => (await import('./SettingsPanel')).SettingsPanel);

type TabName = 'keys' | 'connect' | 'accounts' | 'settings';
/** Which tab is shown, and on Keys whether the add form replaces the list. */
type View = { tab: TabName; adding?: AddKeyPrefill };

export function App() {
  // Every action below goes through the lock's api: one answered `locked` asks for the passphrase in place.
  return (
    <AnnouncerProvider>
      <LockProvider>
        <Popup />
      </LockProvider>
    </AnnouncerProvider>
  );
}

function Popup() {
  const api = useApi();
  const announce = useAnnounce();
  const lock = useLock();
  const settings = useStored(api.store.settings) ?? DEFAULT_SETTINGS;
  const [view, setView] = useState<View>({ tab: 'keys' });
  useEffect(() => preloadWhenIdle(AddKeyForm, ConnectPanel, AccountsPanel, SettingsPanel), []);

  const showKeys = (message?: string) => {
    setView({ tab: 'keys' });
    if (message) announce(message);
  };
  // One press closes one thing: the unlock prompt (the action waiting for it fails as cancelled), the
  // add form, or a panel (back to Keys). On Keys with nothing open, the browser's Escape closes the popup.
  useEscape(() => {
    if (lock.prompt) {
      lock.closePrompt(false);
      return true;
    }
    if (view.tab === 'keys' && !view.adding) return false;
    setView({ tab: 'keys' });
    return true;
  });

  const tabs = [
    { id: 'keys', label: t('keysTab') },
    { id: 'connect', label: t('connect') },
    { id: 'accounts', label: t('accounts') },
    { id: 'settings', label: t('settings') },
  ] as const;

  return (
    <main class="popup">
      <header class="bar">
        <h1>{t('extName')}</h1>
        {/* Beside the name, not under the tabs: a line of the popup's height is worth more to the list. */}
        <div class="bar-links">
          {/* A tab of its own: a farm is a long list, and it outlives the popup. */}
          <button type="button" onClick={() => void api.openTab(farmPageUrl())}>
            {t('farm')}
          </button>
          <OpenInTabButton />
        </div>
        <LockIndicator />
        <nav class="bar-actions" aria-label={t('navigation')}>
          <TabBar tabs={tabs} selected={view.tab} onSelect={(tab) => setView({ tab })} label={t('navigation')} />
        </nav>
      </header>
      <UnlockPrompt />
      <TabPanel id={view.tab}>
        {view.tab === 'keys' && (
          <KeysPanel
            settings={settings}
            adding={view.adding}
            onAdd={(prefill) => setView({ tab: 'keys', adding: prefill ?? {} })}
            onAddDone={showKeys}
            onSetUpLock={() => setView({ tab: 'settings' })}
          />
        )}
        {view.tab === 'connect' && <ConnectPanel onStarted={showKeys} />}
        {view.tab === 'accounts' && <AccountsPanel settings={settings} />}
        {view.tab === 'settings' && <SettingsPanel onClose={() => showKeys()} />}
      </TabPanel>
    </main>
  );
}
