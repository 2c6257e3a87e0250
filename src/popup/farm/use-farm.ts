import { useEffect, useState } from 'preact/hooks';
import type { FarmView } from '../../shared/farm';
import { useApi } from '../api';

/** At most this often the farm is fetched again while its requests change (200 flows poll every second). */
export const FARM_REFRESH_MS = 250;

export interface FarmState {
  farm: FarmView | null;
  provider: string | null;
  error: unknown;
  /** Fetch now (after an action of this page). */
  refresh(): void;
}

/**
 * The farm as the background derives it (farm.status), fetched again whenever the farm item, the key
 * requests or the vault change — coalesced, so a farm of 200 polling servers is one fetch per tick.
 */
export function useFarm(): FarmState {
  const api = useApi();
  const [state, setState] = useState<{ farm: FarmView | null; provider: string | null; error: unknown }>({ farm: null, provider: null, error: undefined });
  const [kick, setKick] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let again = false;
    let stopped = false;
    const load = () => {
      if (inFlight) return void (again = true);
      inFlight = true;
      api.send('farm.status', {}).then(
        ({ farm, provider }) => !stopped && setState({ farm, provider, error: undefined }),
        (error: unknown) => !stopped && setState((s) => ({ ...s, error })),
      ).finally(() => {
        inFlight = false;
        if (again && !stopped) {
          again = false;
          schedule();
        }
      });
    };
    const schedule = () => {
      if (timer === undefined) timer = setTimeout(() => ((timer = undefined), load()), FARM_REFRESH_MS);
    };
    const stops = [api.store.farm.onChange(schedule), api.store.flows.onChange(schedule), api.onCredentialsChange(schedule)];
    load();
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const stop of stops) stop();
    };
  }, [kick]);
  return { ...state, refresh: () => setKick((k) => k + 1) };
}
