import { useEffect, useState } from 'preact/hooks';
import type { Detection } from '../shared/detection';
import { ACTIVE_PHASES } from '../shared/flow';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { AccountsPanel } from './accounts/AccountsPanel';
import { AddKeyForm, type AddKeyPrefill } from './AddKeyForm';
import { messageOf, useApi } from './api';
import { CaptureList } from './CaptureList';
import { ConnectPanel } from './ConnectPanel';
import { CredentialList } from './CredentialList';
import { DetectionBanner } from './DetectionBanner';
import { farmPageUrl } from './farm/FarmPage';
import { FarmSummary } from './farm/FarmSummary';
import { FlowList } from './FlowList';
import { t } from './i18n';
import { LockIndicator } from './lock/LockIndicator';
import { LockOffer } from './lock/LockOffer';
import { LockProvider, useLock } from './lock/lock-context';
import { UnlockPrompt } from './lock/UnlockPrompt';
import { SettingsPanel } from './SettingsPanel';
import { AnnouncerProvider } from './shell/announcer';
import { useFollowed, useStored } from './use-stored';

type View = { name: 'list' } | { name: 'add'; prefill?: AddKeyPrefill } | { name: 'settings' } | { name: 'connect' } | { name: 'accounts' };

const TABS = [
  ['add', 'addKey'],
  ['connect', 'connect'],
  ['accounts', 'accounts'],
  ['settings', 'settings'],
] as const;

export function App() {
  // Every action below goes through the lock's api: one answered `locked` asks for the passphrase in place.
  return (
    <LockProvider>
      <AnnouncerProvider>
        <Popup />
      </AnnouncerProvider>
    </LockProvider>
  );
}

function Popup() {
  const api = useApi();
  const lock = useLock();
  // Each part of the popup follows its own stored item; the list paints from storage, without waiting for the worker.
  const vault = useFollowed(api.credentials, api.onCredentialsChange);
  const flows = useFollowed(async () => (await api.send('flow.list', {})).flows, (changed) => api.store.flows.onChange(changed));
  const captures = useStored(api.store.captureResults) ?? [];
  const settings = useStored(api.store.settings) ?? DEFAULT_SETTINGS;
  const [detection, setDetection] = useState<Detection | null>(null);
  const [offerTab, setOfferTab] = useState<number | null>(null);
  const [view, setView] = useState<View>({ name: 'list' });
  const [notice, setNotice] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());

  // The lock is offered once the vault holds a key: the first key added while the popup is open counts too.
  const holdsKeys = (vault.value?.length ?? 0) > 0;
  useEffect(() => {
    if (holdsKeys) lock.recheckOffer();
  }, [holdsKeys]);

  const allFlows = flows.value ?? [];
  // The farm's requests are one line (FarmSummary): a farm of 200 servers would be 200 cards here.
  const flowList = allFlows.filter((flow) => !flow.farm);
  const anyActive = flowList.some((flow) => ACTIVE_PHASES.has(flow.phase));
  useEffect(() => {
    setNow(Date.now());
    if (!anyActive) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [anyActive, flows.value]);

  useEffect(() => {
    void (async () => {
      const tabId = await api.currentTabId();
      if (tabId === undefined) return;
      const [detected, offered] = await Promise.all([
        api.send('tab.detect', { tabId }).catch(() => null),
        api.send('capture.offer', { tabId }).catch(() => null),
      ]);
      setDetection(detected?.detection ?? null);
      setOfferTab(offered?.offer ? tabId : null);
    })();
  }, []);

  const showList = (message?: string) => {
    setView({ name: 'list' });
    setNotice(message ?? null);
  };
  const addManually = (prefill: AddKeyPrefill) => setView({ name: 'add', prefill });

  return (
    <main class="popup">
      <header class="bar">
        <h1>{t('extName')}</h1>
        <LockIndicator />
        <nav class="bar-actions">
          {TABS.map(([name, label]) => (
            <button key={name} type="button" onClick={() => setView({ name } as View)} aria-pressed={view.name === name}>
              {t(label)}
            </button>
          ))}
          {/* A tab of its own: a farm is a long list, and it outlives the popup. */}
          <button type="button" onClick={() => void api.openTab(farmPageUrl())}>
            {t('farm')}
          </button>
        </nav>
      </header>
      <UnlockPrompt />
      {detection && view.name === 'list' && <DetectionBanner detection={detection} onAddManually={addManually} />}
      {offerTab !== null && view.name === 'list' && (
        <section class="banner" aria-label={t('offerTitle')}>
          <p>{t('offerTitle')}</p>
          <button
            type="button"
            class="primary"
            onClick={() =>
              void api
                .send('capture.confirm', { tabId: offerTab })
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
      {view.name === 'accounts' && <AccountsPanel settings={settings} />}
      {view.name === 'list' && <CaptureList captures={captures} onAddManually={addManually} />}
      {view.name === 'list' && <FarmSummary flows={allFlows.filter((flow) => flow.farm)} />}
      {view.name === 'list' && <FlowList key={lock.lockEpoch} flows={flowList} now={now} onAddManually={addManually} />}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {view.name === 'add' && <AddKeyForm prefill={view.prefill} onDone={showList} onCancel={() => setView({ name: 'list' })} />}
      {view.name === 'settings' && <SettingsPanel onClose={() => setView({ name: 'list' })} />}
      {view.name === 'list' &&
        (vault.error !== undefined ? (
          <p class="error" role="alert">
            {messageOf(vault.error)}
          </p>
        ) : vault.value === undefined ? (
          <p class="muted" role="status">
            {t('loading')}
          </p>
        ) : (
          <CredentialList key={lock.lockEpoch} credentials={vault.value} warnDays={settings.expiryWarningDays} />
        ))}
      {/* Below the list: it can appear as the first key is added, and must not move rows under the pointer. */}
      {view.name === 'list' && <LockOffer onSetUp={() => setView({ name: 'settings' })} />}
    </main>
  );
}
