import type { ComponentType, VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';

/**
 * A component whose code loads on first use (`import()`): the popup's first bundle then holds only
 * what the Keys list needs. Until the chunk is in, nothing is drawn in its place (a chunk from the
 * extension's own files takes a few milliseconds). `preload()` fetches it ahead, e.g. once the first
 * screen is painted, so opening a panel later does not wait at all. A load that fails is said, with
 * Try again, and is not remembered: the next attempt loads afresh (never a blank panel).
 */
export function lazy<P>(load: () => Promise<ComponentType<P>>): ComponentType<P> & { preload(): Promise<unknown> } {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  function Lazy(props: P): VNode | null {
    const [, setReady] = useState(loaded !== undefined);
    const [failed, setFailed] = useState(false);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      void preload().then(
        () => live && setReady(true),
        () => live && setFailed(true),
      );
      return () => void (live = false);
    }, [attempt]);
    const Component = loaded as ComponentType<P & object> | undefined;
    if (Component) return <Component {...(props as P & object)} />;
    if (!failed) return null;
    return (
      <p class="error" role="alert">
        {t('partNotLoaded')}{' '}
        <button
          type="button"
          onClick={() => {
            setFailed(false);
            setAttempt((n) => n + 1);
          }}
        >
          {t('tryAgain')}
        </button>
      </p>
    );
  }
  return Object.assign(Lazy, { preload });
}

/** After the first screen is drawn and the page is idle: load what the popup will likely open next. */
export function preloadWhenIdle(...parts: { preload(): Promise<unknown> }[]): void {
  const run = () => parts.forEach((part) => void part.preload().catch(() => undefined));
  const idle = (globalThis as { requestIdleCallback?: (run: () => void, options: { timeout: number }) => void }).requestIdleCallback;
  if (idle) idle(run, { timeout: 1000 });
  else setTimeout(run, 200);
}
