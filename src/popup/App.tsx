import { useCallback, useEffect, useState } from 'preact/hooks';
import type { CredentialView } from '../shared/credential';
import type { Detection } from '../shared/detection';
import { AddKeyForm, type AddKeyPrefill } from './AddKeyForm';
import { messageOf, send } from './api';
import { CredentialList } from './CredentialList';
import { currentTabId } from './current-tab';
import { DetectionBanner } from './DetectionBanner';
import { t } from './i18n';
import { SettingsPanel } from './SettingsPanel';

type View = { name: 'list' } | { name: 'add'; prefill?: AddKeyPrefill } | { name: 'settings' };

export function App() {
  const [credentials, setCredentials] = useState<CredentialView[] | null>(null);
  const [vaultError, setVaultError] = useState<string | null>(null);
  const [detection, setDetection] = useState<Detection | null>(null);
  const [view, setView] = useState<View>({ name: 'list' });
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setCredentials((await send('vault.list', {})).credentials);
      setVaultError(null);
    } catch (error) {
      setVaultError(messageOf(error));
    }
  }, []);

  useEffect(() => {
    void reload();
    void (async () => {
      const tabId = await currentTabId();
      if (tabId !== undefined) setDetection((await send('tab.detect', { tabId }).catch(() => null))?.detection ?? null);
    })();
  }, [reload]);

  const showList = (message?: string) => {
    setView({ name: 'list' });
    setNotice(message ?? null);
    void reload();
  };

  return (
    <main class="popup">
      <header class="bar">
        <h1>{t('extName')}</h1>
        <nav class="bar-actions">
          <button type="button" onClick={() => setView({ name: 'add' })} aria-pressed={view.name === 'add'}>
            {t('addKey')}
          </button>
          <button type="button" onClick={() => setView({ name: 'settings' })} aria-pressed={view.name === 'settings'}>
            {t('settings')}
          </button>
        </nav>
      </header>
      {detection && view.name === 'list' && (
        <DetectionBanner
          detection={detection}
          onAddManually={(prefill) => setView({ name: 'add', prefill })}
        />
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {view.name === 'add' && (
        <AddKeyForm prefill={view.prefill} onDone={showList} onCancel={() => setView({ name: 'list' })} />
      )}
      {view.name === 'settings' && <SettingsPanel onClose={() => setView({ name: 'list' })} />}
      {view.name === 'list' &&
        (vaultError ? (
          <p class="error" role="alert">
            {vaultError}
          </p>
        ) : credentials === null ? (
          <p class="muted" role="status">
            {t('loading')}
          </p>
        ) : (
          <CredentialList credentials={credentials} onChanged={reload} onNotice={setNotice} />
        ))}
    </main>
  );
}
