import type { ComponentChildren, VNode } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import type { ListItem } from './items';
import type { useWindow } from './use-window';

type RowItem = Extract<ListItem, { kind: 'row' }>;

/**
 * Draws the window's items: spacers above and below, headings as headings, and each run of rows
 * as one list (so a screen reader still hears "list, 4 items" under each server).
 *
 * A scroll redraws this component alone (use-window.ts). A row drawn before with the same
 * `renderRow` (the list did not re-render since) is handed back as the same element, which Preact
 * leaves alone: a scroll frame renders only the rows that come into view.
 */
export function KeyWindow({
  win,
  items,
  renderRow,
}: {
  win: ReturnType<typeof useWindow>;
  items: readonly ListItem[];
  renderRow(item: RowItem): VNode;
}) {
  const [, setTick] = useState(0);
  win.redraw.current = () => setTick((n) => n + 1);
  const cache = useRef<{ renderRow: unknown; rows: Map<string, VNode> }>({ renderRow: null, rows: new Map() });
  if (cache.current.renderRow !== renderRow) cache.current = { renderRow, rows: new Map() };
  const rows = cache.current.rows;
  const rowOf = (item: RowItem) => {
    let row = rows.get(item.key);
    if (!row) rows.set(item.key, (row = renderRow(item)));
    return row;
  };
  // Measured after every draw of the window, before it is painted.
  useLayoutEffect(() => win.measure());

  const { start, end, before, after } = win.range();
  const drawn: ComponentChildren[] = [];
  let run: VNode[] = [];
  let runKey = '';
  const flush = () => {
    if (run.length > 0) drawn.push(<ul key={`rows:${runKey}`}>{run}</ul>);
    run = [];
  };
  for (let i = start; i < end; i++) {
    const item = items[i]!;
    if (item.kind === 'row') {
      if (run.length === 0) runKey = item.key;
      run.push(rowOf(item));
      continue;
    }
    flush();
    drawn.push(
      <h2 key={item.key} data-key={item.key} class="key-heading">
        {item.text}
        {item.warnings.length > 0 && (
          <span class="server-warnings">
            {' '}
            {t('serverWarning')} {item.warnings.join(' ')}
          </span>
        )}
      </h2>,
    );
  }
  flush();
  return (
    // tabIndex -1: Firefox would make a scrolling box a tab stop of its own; the rows are the stop.
    <div class="key-scroller" ref={win.scroller} onScroll={win.onScroll} tabIndex={-1}>
      <div style={{ height: `${before}px` }} aria-hidden="true" />
      {drawn}
      <div style={{ height: `${after}px` }} aria-hidden="true" />
    </div>
  );
}
