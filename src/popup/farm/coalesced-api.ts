import { useMemo } from 'preact/hooks';
import { useApi, type KeyDeckApi } from '../api';
import { FARM_REFRESH_MS } from './use-farm';

/**
 * The API with vault changes told at most once per FARM_REFRESH_MS. While a farm's keys arrive the
 * vault changes twice per server (the key, then its verification): 400 changes for 200 servers, and
 * each one had every list on the farm page fetch the vault and draw itself again (twice).
 */
export function useCoalescedApi(): KeyDeckApi {
  const api = useApi();
  return useMemo(() => ({ ...api, onCredentialsChange: (listener: () => void) => coalesce(api.onCredentialsChange, listener) }), [api]);
}

function coalesce(subscribe: (listener: () => void) => () => void, listener: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = subscribe(() => {
    timer ??= setTimeout(() => {
      timer = undefined;
      listener();
    }, FARM_REFRESH_MS);
  });
  return () => {
    clearTimeout(timer);
    stop();
  };
}
