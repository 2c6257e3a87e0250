import { useMemo, useRef, useState } from 'preact/hooks';
import { layout, scrollToShow, visibleRange } from './window';

/** Used before the scroller has a size (first paint, or a DOM without layout such as tests). */
export const DEFAULT_VIEWPORT = 420;
const OVERSCAN = 6;

export interface DrawnRange {
  start: number;
  end: number;
  before: number;
  after: number;
}

/**
 * A windowed list over items of estimated height: what is drawn is the viewport plus a few items
 * either side. Each drawn item ([data-key]) is measured after it is drawn, so an expanded row or a
 * wrapped heading takes its real height and the spacers stay true.
 *
 * The scroll position is not state of the list's owner: scrolling redraws only the window
 * (KeyWindow.tsx registers `redraw`), and only when the drawn range changes, so a scroll frame
 * costs the few rows that come into view, not a re-render of the whole list and its header.
 */
export function useWindow<T extends { key: string }>(items: readonly T[], estimate: (item: T) => number) {
  const scroller = useRef<HTMLDivElement>(null);
  const scrollTop = useRef(0);
  const drawn = useRef<DrawnRange | null>(null);
  const redraw = useRef<() => void>(() => undefined);
  const measured = useRef(new Map<string, number>());
  const [version, setVersion] = useState(0);
  const heights = useMemo(() => items.map((item) => measured.current.get(item.key) ?? estimate(item)), [items, version]);
  const lay = useMemo(() => layout(heights), [heights]);
  const viewport = () => scroller.current?.clientHeight || DEFAULT_VIEWPORT;

  const range = (): DrawnRange => {
    const { start, end } = visibleRange(lay, scrollTop.current, viewport(), OVERSCAN);
    return { start, end, before: lay.offsets[start] ?? 0, after: (lay.offsets[items.length] ?? 0) - (lay.offsets[end] ?? 0) };
  };
  const follow = (top: number) => {
    scrollTop.current = top;
    const next = visibleRange(lay, top, viewport(), OVERSCAN);
    if (drawn.current?.start !== next.start || drawn.current.end !== next.end) redraw.current();
  };

  return {
    scroller,
    redraw,
    /** What to draw now; KeyWindow calls it as it renders. */
    range(): DrawnRange {
      drawn.current = range();
      return drawn.current;
    },
    onScroll: () => follow(scroller.current?.scrollTop ?? 0),
    /** Measures the drawn items (after they are drawn); a changed height re-lays the list. */
    measure() {
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
    },
    /** Scrolls so item `index` is drawn and in view (keyboard moves to rows not in the DOM yet). */
    show(index: number) {
      const current = scroller.current?.scrollTop ?? scrollTop.current;
      const top = scrollToShow(lay, index, current, viewport());
      if (top === current) return;
      if (scroller.current) scroller.current.scrollTop = top;
      follow(top);
    },
  };
}
