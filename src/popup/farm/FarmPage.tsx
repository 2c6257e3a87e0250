import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiContext, messageOf } from '../api';
import { t } from '../i18n';
import { LockProvider } from '../lock/lock-context';
import { UnlockPrompt } from '../lock/UnlockPrompt';
import { FarmInput } from './FarmInput';
import { FarmKeys } from './FarmKeys';
import { useCoalescedApi } from './coalesced-api';
import { FarmExport } from './FarmExport';
import { FarmRows } from './FarmRows';
import { FdmMonsterSend } from './FdmMonsterSend';
import { RotateKeys } from './RotateKeys';
import { useFarm } from './use-farm';

export { farmPageUrl } from './farm-url';

/** The popup page opened in a tab as `?view=farm`: a print farm's servers, their key requests, and the keys. */
export function FarmPage() {
  // Actions on the selected keys may need secrets: while locked they ask for the passphrase here.
  return (
    <LockProvider>
      <main class="popup farm-page">
        <header class="bar">
          <h1>{t('farmTitle')}</h1>
        </header>
        <UnlockPrompt />
        <CoalescedChanges>
          <Farm />
        </CoalescedChanges>
      </main>
    </LockProvider>
  );
}

/** The farm's lists follow the vault at most 4 times a second (coalesced-api.ts). */
function CoalescedChanges({ children }: { children: ComponentChildren }) {
  return <ApiContext.Provider value={useCoalescedApi()}>{children}</ApiContext.Provider>;
}

function Farm() {
  const farm = useFarm();
  const [selected, setSelected] = useState<string[]>([]);
  return (
    <>
      <p class="muted">{t('farmIntro')}</p>
      <FarmInput onStarted={farm.refresh} />
      {farm.error !== undefined && (
        <p class="error" role="alert">
          {messageOf(farm.error)}
        </p>
      )}
      {farm.farm && farm.provider && <FarmRows farm={farm.farm} provider={farm.provider} onChanged={farm.refresh} />}
      {farm.provider && <FarmKeys provider={farm.provider} selected={selected} onSelect={setSelected} />}
      {/* What can be done with the selected keys. */}
      <FdmMonsterSend credentialIds={selected} />
      <FarmExport credentialIds={selected} />
      <RotateKeys credentialIds={selected} />
    </>
  );
}
