/**
 * The arithmetic of a windowed list: where each item starts, and which items a scroll position
 * shows. Pure, so it is tested without a layout engine.
 */
export interface Layout {
  /** offsets[i] is where item i starts; offsets[n] is the total height. */
  offsets: number[];
}

export function layout(heights: readonly number[]): Layout {
  const offsets = new Array<number>(heights.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = offsets[i]! + heights[i]!;
  return { offsets };
}

/** The first item whose bottom is below `y` (binary search over the offsets). */
function itemAt(offsets: readonly number[], y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1]! <= y) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo);
}

/** Items [start, end) to put in the DOM: those in the viewport plus `overscan` either side. */
export function visibleRange(
  { offsets }: Layout,
  scrollTop: number,
  viewport: number,
  overscan: number,
): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const first = itemAt(offsets, Math.max(0, scrollTop));
  const last = itemAt(offsets, scrollTop + viewport - 1);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + 1 + overscan) };
}

/** The scrollTop that brings item i fully into view, moving as little as possible. */
export function scrollToShow({ offsets }: Layout, index: number, scrollTop: number, viewport: number): number {
  const top = offsets[index] ?? 0;
  const bottom = offsets[index + 1] ?? top;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewport) return Math.max(0, Math.min(top, bottom - viewport));
  return scrollTop;
}
