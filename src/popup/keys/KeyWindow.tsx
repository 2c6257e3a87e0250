import type { ComponentChildren, VNode } from 'preact';
import { t } from '../i18n';
import type { ListItem } from './items';
import type { useWindow } from './use-window';

type RowItem = Extract<ListItem, { kind: 'row' }>;

/**
 * Draws the window's items: spacers above and below, headings as headings, and each run of rows
 * as one list (so a screen reader still hears "list, 4 items" under each server).
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
  const drawn: ComponentChildren[] = [];
  let run: VNode[] = [];
  let runKey = '';
  const flush = () => {
    if (run.length > 0) drawn.push(<ul key={`rows:${runKey}`}>{run}</ul>);
    run = [];
  };
  for (let i = win.start; i < win.end; i++) {
    const item = items[i]!;
    if (item.kind === 'row') {
      if (run.length === 0) runKey = item.key;
      run.push(renderRow(item));
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
      <div style={{ height: `${win.before}px` }} aria-hidden="true" />
      {drawn}
      <div style={{ height: `${win.after}px` }} aria-hidden="true" />
    </div>
  );
}
