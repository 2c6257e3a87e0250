import type { Provider } from '../providers/types';
import { t } from './i18n';

/** The provider picker: the choices come from the registry, never from a list of names here. */
export function ProviderSelect({ providers, value, onChange }: { providers: readonly Provider[]; value: string; onChange: (id: string) => void }) {
  return (
    <label>
      {t('provider')}
      <select value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
    </label>
  );
}
