import { ACTIVE_PHASES, type FlowView } from '../../shared/flow';
import { useApi } from '../api';
import { t } from '../i18n';
import { farmPageUrl } from './farm-url';

/** The print farm's key requests in the popup: one line that opens the farm view, not a card per server. */
export function FarmSummary({ flows }: { flows: readonly FlowView[] }) {
  const api = useApi();
  if (flows.length === 0) return null;
  const active = flows.filter((flow) => ACTIVE_PHASES.has(flow.phase)).length;
  return (
    <section class="banner farm-summary" aria-label={t('farm')}>
      <p>{t('farmSummary', String(active), String(flows.length - active))}</p>
      <button type="button" onClick={() => void api.openTab(farmPageUrl())}>
        {t('farmSummaryOpen')}
      </button>
    </section>
  );
}
