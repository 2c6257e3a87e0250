import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { layout, scrollToShow, visibleRange } from './window';

/** Used before the scroller has a size (first paint, or a DOM without layout such as tests). */
export const DEFAULT_VIEWPORT = 420;
const OVERSCAN = 6;

/**
 * A windowed list over items of estimated height: what is drawn is the viewport plus a few items
 * either side. Each drawn item ([data-key]) is measured after paint, so an expanded row or a
 * wrapped heading takes its real height and the spacers stay true.
 */
export function useWindow<T extends { key: string }>(items: readonly T[], estimate: (item: T) => number) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const measured = useRef(new Map<string, number>());
  const [version, setVersion] = useState(0);
  const heights = useMemo(() => items.map((item) => measured.current.get(item.key) ?? estimate(item)), [items, version]);
  const lay = useMemo(() => layout(heights), [heights]);
  const viewport = scroller.current?.clientHeight || DEFAULT_VIEWPORT;
  const { start, end } = visibleRange(lay, scrollTop, viewport, OVERSCAN);

  useLayoutEffect(() => {
    const root = scroller.current;
    if (!root) return;
    let changed = false;
    for (const node of root.querySelectorAll<HTMLElement>('[data-key]')) {
      const height = node.offsetHeight;
      const key = node.dataset.key!;
      if (height > 0 && measured.current.get(key) !== height) {
        measured.current.set(key, height);
        changed = true;
      }
    }
    if (changed) setVersion((n) => n + 1);
  });

  return {
    scroller,
    start,
    end,
    before: lay.offsets[start] ?? 0,
    after: (lay.offsets[items.length] ?? 0) - (lay.offsets[end] ?? 0),
    onScroll: () => setScrollTop(scroller.current?.scrollTop ?? 0),
    /** Scrolls so item `index` is drawn and in view (keyboard moves to rows not in the DOM yet). */
    show(index: number) {
      const top = scrollToShow(lay, index, scrollTop, viewport);
      if (top === scrollTop) return;
      if (scroller.current) scroller.current.scrollTop = top;
      setScrollTop(top);
    },
  };
}
