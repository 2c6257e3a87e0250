import { useCallback, useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { CredentialView } from '../shared/credential';
import type { Detection } from '../shared/detection';
import { ACTIVE_PHASES, type FlowView } from '../shared/flow';
import { DEFAULT_SETTINGS } from '../shared/settings';
import type { CaptureResult } from '../shared/capture';
import { AccountsPanel } from './AccountsPanel';
import { AddKeyForm, type AddKeyPrefill } from './AddKeyForm';
import { CaptureList } from './CaptureList';
import { ConnectPanel } from './ConnectPanel';
import { messageOf, send } from './api';
import { CredentialList } from './CredentialList';
import { currentTabId } from './current-tab';
import { DetectionBanner } from './DetectionBanner';
import { FlowList } from './FlowList';
import { t } from './i18n';
import { SettingsPanel } from './SettingsPanel';

type View = { name: 'list' } | { name: 'add'; prefill?: AddKeyPrefill } | { name: 'settings' } | { name: 'connect' } | { name: 'accounts'; cocalcUrl: string };

export function App() {
  const [credentials, setCredentials] = useState<CredentialView[] | null>(null);
  const [vaultError, setVaultError] = useState<string | null>(null);
  const [detection, setDetection] = useState<Detection | null>(null);
  const [view, setView] = useState<View>({ name: 'list' });
  const [notice, setNotice] = useState<string | null>(null);
  const [flows, setFlows] = useState<FlowView[]>([]);
  const [captures, setCaptures] = useState<CaptureResult[]>([]);
  const [offerTab, setOfferTab] = useState<number | null>(null);
  const [warnDays, setWarnDays] = useState(DEFAULT_SETTINGS.expiryWarningDays);
  const [now, setNow] = useState(Date.now());

  const reload = useCallback(async () => {
    const [vault, flowList, captureList, settings] = await Promise.allSettled([
      send('vault.list', {}),
      send('flow.list', {}),
      send('capture.list', {}),
      send('settings.get', {}),
    ]);
    if (settings.status === 'fulfilled') setWarnDays(settings.value.expiryWarningDays);
    if (vault.status === 'fulfilled') {
      setCredentials(vault.value.credentials);
      setVaultError(null);
    } else setVaultError(messageOf(vault.reason));
    setFlows(flowList.status === 'fulfilled' ? flowList.value.flows : []);
    setCaptures(captureList.status === 'fulfilled' ? captureList.value.results : []);
    setNow(Date.now());
  }, []);

  // The background persists every step of a key request: follow along while the popup is open.
  useEffect(() => {
    const onChange = (_: unknown, area: string) => void (area === 'session' || area === 'local' ? reload() : undefined);
    browser.storage.onChanged.addListener(onChange);
    return () => browser.storage.onChanged.removeListener(onChange);
  }, [reload]);

  const anyActive = flows.some((flow) => ACTIVE_PHASES.has(flow.phase));
  useEffect(() => {
    if (!anyActive) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [anyActive]);

  useEffect(() => {
    void reload();
    void (async () => {
      const tabId = await currentTabId();
      if (tabId === undefined) return;
      const [detected, offered] = await Promise.all([
        send('tab.detect', { tabId }).catch(() => null),
        send('capture.offer', { tabId }).catch(() => null),
      ]);
      setDetection(detected?.detection ?? null);
      setOfferTab(offered?.offer ? tabId : null);
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
          <button type="button" onClick={() => setView({ name: 'connect' })} aria-pressed={view.name === 'connect'}>
            {t('connect')}
          </button>
          <button
            type="button"
            onClick={() => void send('settings.get', {}).then((s) => setView({ name: 'accounts', cocalcUrl: s.cocalcUrl }))}
            aria-pressed={view.name === 'accounts'}
          >
            {t('accounts')}
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
          onFlowStarted={reload}
        />
      )}
      {offerTab !== null && view.name === 'list' && (
        <section class="banner" aria-label={t('offerTitle')}>
          <p>{t('offerTitle')}</p>
          <button
            type="button"
            class="primary"
            onClick={() =>
              void send('capture.confirm', { tabId: offerTab })
                .then(() => showList())
                .catch((error: unknown) => setNotice(messageOf(error)))
                .finally(() => setOfferTab(null))
            }
          >
            {t('offerSave')}
          </button>
        </section>
      )}
      {view.name === 'connect' && <ConnectPanel onStarted={showList} />}
      {view.name === 'accounts' && <AccountsPanel defaultCocalcUrl={view.cocalcUrl} onChanged={reload} />}
      {view.name === 'list' && (
        <CaptureList captures={captures} onAddManually={(prefill) => setView({ name: 'add', prefill })} onChanged={reload} />
      )}
      {view.name === 'list' && (
        <FlowList flows={flows} now={now} onAddManually={(prefill) => setView({ name: 'add', prefill })} onChanged={reload} />
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
          <CredentialList credentials={credentials} warnDays={warnDays} onChanged={reload} onNotice={setNotice} />
        ))}
    </main>
  );
}
