import { useLayoutEffect, useState } from 'preact/hooks';
import type { StoredItem } from '../storage';

// Layout effects: the reads start before the first frame is drawn; plain effects wait until after it,
// which delays the popup's first screen by a frame.

/** A stored item's value, kept current: read once, then followed through its own changes only. */
export function useStored<T>(item: StoredItem<T>): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useLayoutEffect(() => {
    const stop = item.watch(setValue);
    void item.get().then(setValue, () => undefined);
    return stop;
  }, [item]);
  return value;
}

/**
 * Something fetched, fetched again whenever `subscribe` says it changed. `refreshing` is true from
 * a change until the new value is in, so nobody mistakes the old value for the new one.
 */
export function useFollowed<T>(fetch: () => Promise<T>, subscribe: (changed: () => void) => () => void) {
  const [state, setState] = useState<{ value?: T; error?: unknown; refreshing: boolean }>({ refreshing: true });
  useLayoutEffect(() => {
    let latest = 0;
    const load = () => {
      const ticket = ++latest;
      setState((s) => ({ ...s, refreshing: true }));
      fetch().then(
        (value) => ticket === latest && setState({ value, refreshing: false }),
        (error: unknown) => ticket === latest && setState({ error, refreshing: false }),
      );
    };
    const stop = subscribe(load);
    load();
    return stop;
  }, []);
  return state;
}
