import { useEffect, useState } from 'preact/hooks';
import type { Detection } from '../../shared/detection';
import { ACTIVE_PHASES } from '../../shared/flow';
import type { Settings } from '../../shared/settings';
import type { AddKeyPrefill } from '../AddKeyForm';
import { messageOf, useApi } from '../api';
import { CaptureList } from '../CaptureList';
import { CheckAllSummary } from '../check/CheckAllSummary';
import { CredentialList } from '../CredentialList';
import { DetectionBanner, serverOf } from '../DetectionBanner';
import { FarmSummary } from '../farm/FarmSummary';
import { FlowList } from '../FlowList';
import type { KeyFilter } from '../keys/filter';
import { t } from '../i18n';
import { LockOffer } from '../lock/LockOffer';
import { useLock } from '../lock/lock-context';
import { useFollowed, useStored } from '../use-stored';
import { useAnnounce } from './announcer';
import { lazy } from './lazy';
import { sameServer } from './same-server';

/** The add form replaces the list only when asked for: its code loads then (App preloads it when idle). */
export const AddKeyForm = lazy(async () => (await import('../AddKeyForm')).AddKeyForm);

/**
 * The Keys tab: what the current tab offers (a detected server, a hand-over to confirm), requests
 * under way, the "Add key" action, and the list. The add form takes the list's place while open.
 */
export function KeysPanel({
  settings,
  adding,
  onAdd,
  onAddDone,
  onSetUpLock,
}: {
  settings: Settings;
  adding: AddKeyPrefill | undefined;
  onAdd: (prefill?: AddKeyPrefill) => void;
  onAddDone: (message: string) => void;
  onSetUpLock: () => void;
}) {
  const api = useApi();
  const lock = useLock();
  const announce = useAnnounce();
  // Each part follows its own stored item; the list paints from storage, without waiting for the worker.
  const vault = useFollowed(api.credentials, api.onCredentialsChange);
  const flows = useFollowed(async () => (await api.send('flow.list', {})).flows, (changed) => api.store.flows.onChange(changed));
  const captures = useStored(api.store.captureResults) ?? [];
  const [detection, setDetection] = useState<Detection | null>(null);
  const [offerTab, setOfferTab] = useState<number | null>(null);
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

  const server = detection ? serverOf(detection.url) : undefined;
  const serverHasKeys = server !== undefined && (vault.value ?? []).some((credential) => sameServer(credential.serviceUrl, server));
  // Check all's counts filter the list; the list's own expiry banner keeps a filter of its own.
  const [filter, setFilter] = useState<KeyFilter | undefined>(undefined);

  if (adding) return <AddKeyForm prefill={adding} onDone={onAddDone} onCancel={() => onAddDone('')} />;
  return (
    <>
      {/* After the list loaded: whether the form waits behind a button depends on it, and must not flip. */}
      {detection && (vault.value !== undefined || vault.error !== undefined) && (
        <DetectionBanner detection={detection} hasKeys={serverHasKeys} onAddManually={onAdd} />
      )}
      {offerTab !== null && (
        <section class="banner" aria-label={t('offerTitle')}>
          <p>{t('offerTitle')}</p>
          <button
            type="button"
            class="primary"
            onClick={() =>
              void api
                .send('capture.confirm', { tabId: offerTab })
                .catch((error: unknown) => announce(messageOf(error), { tone: 'error' }))
                .finally(() => setOfferTab(null))
            }
          >
            {t('offerSave')}
          </button>
        </section>
      )}
      <CaptureList captures={captures} onAddManually={onAdd} />
      <FarmSummary flows={allFlows.filter((flow) => flow.farm)} />
      <FlowList key={lock.lockEpoch} flows={flowList} now={now} onAddManually={onAdd} />
      {/* One row: Check all (its progress and counts grow under it) and Add key. */}
      <div class="keys-toolbar">
        {vault.value !== undefined && (
          <CheckAllSummary
            credentials={vault.value}
            announce={announce}
            onFilter={({ label, ids }) => setFilter({ label, ids, onClear: () => setFilter(undefined) })}
          />
        )}
        <button type="button" class="add-key-button" onClick={() => onAdd()}>
          {t('addKey')}
        </button>
      </div>
      {vault.error !== undefined ? (
        <p class="error" role="alert">
          {messageOf(vault.error)}
        </p>
      ) : vault.value === undefined ? (
        <p class="muted">{t('loading')}</p>
      ) : (
        <CredentialList key={lock.lockEpoch} credentials={vault.value} warnDays={settings.expiryWarningDays} pinnedServer={server} filter={filter} />
      )}
      {/* Below the list: it can appear as the first key is added, and must not move rows under the pointer. */}
      <LockOffer onSetUp={onSetUpLock} />
    </>
  );
}
