import type { ComponentType, VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component whose code loads on first use (`import()`): the popup's first bundle then holds only
 * what the Keys list needs. Until the chunk is in, nothing is drawn in its place (a chunk from the
 * extension's own files takes a few milliseconds). `preload()` fetches it ahead, e.g. once the first
 * screen is painted, so opening a panel later does not wait at all.
 */
export function lazy<P>(load: () => Promise<ComponentType<P>>): ComponentType<P> & { preload(): Promise<unknown> } {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () =>
    (loading ??= load().then((component) => (loaded = component)));
  function Lazy(props: P): VNode | null {
    const [, setReady] = useState(loaded !== undefined);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      void preload().then(() => live && setReady(true));
      return () => void (live = false);
    }, []);
    const Component = loaded as ComponentType<P & object> | undefined;
    return Component ? <Component {...(props as P & object)} /> : null;
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
