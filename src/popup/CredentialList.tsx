import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CredentialView } from '../shared/credential';
import { messageOf, useApi } from './api';
import { CredentialRow } from './CredentialRow';
import { t } from './i18n';
import { ExpiryBanner } from './keys/ExpiryBanner';
import type { KeyFilter } from './keys/filter';
import { buildList, type ListItem } from './keys/items';
import { KeyWindow } from './keys/KeyWindow';
import { rowLabel } from './keys/label';
import { SearchBox } from './keys/SearchBox';
import { searchWords } from './keys/search';
import { useCopyKey } from './keys/use-copy-key';
import { useWindow } from './keys/use-window';
import { useAnnounce } from './shell/announcer';

export type { KeyFilter } from './keys/filter';

/** Estimated heights until measured (CSS keeps a compact row at this height). */
const ESTIMATE = { row: 37, heading: 28 };
const estimate = (item: ListItem) => (item.kind === 'row' ? ESTIMATE.row : ESTIMATE.heading);

export function CredentialList({
  credentials,
  warnDays,
  pinnedServer,
  filter,
}: {
  credentials: CredentialView[];
  warnDays: number;
  /** A server detected on the current tab: its keys come first, under "On this page". */
  pinnedServer?: string;
  /** Only some keys (from the expiry banner or Check all), with "Show all". */
  filter?: KeyFilter;
}) {
  const api = useApi();
  const { providers } = api;
  const announce = useAnnounce();
  const copyKey = useCopyKey();
  const [query, setQuery] = useState('');
  const [ownFilter, setOwnFilter] = useState<KeyFilter | undefined>(undefined);
  const [expandedId, setExpandedId] = useState<string | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const focusNext = useRef<string | null>(null);
  const shownFilter = filter ?? ownFilter;
  // A Check all count replaces the expiry filter: its "Show all" must not bring the older one back.
  useEffect(() => void (filter && setOwnFilter(undefined)), [filter]);
  const now = Date.now();

  const model = useMemo(
    () =>
      buildList(credentials, {
        words: searchWords(query),
        providerLabel: providers.label,
        now,
        warnDays,
        pinnedServer,
        only: shownFilter?.ids,
        headings: { pinned: (host) => t('pinnedHeading', host), expiring: t('expiringHeading') },
      }),
    [credentials, query, warnDays, pinnedServer, shownFilter],
  );
  const win = useWindow(model.items, estimate);
  const itemIndex = useMemo(() => new Map(model.items.map((item, index) => [item.key, index])), [model]);
  const active = model.rows.some((c) => c.id === activeId) ? activeId : (model.rows[0]?.id ?? null);

  useEffect(() => void performance.mark('keydeck:list-painted'), []);
  useEffect(() => api.onClipboardCleared(() => announce(t('clipboardCleared'))), []);
  // Focus follows a keyboard move once the row is drawn (it may have been outside the window).
  useLayoutEffect(() => {
    const id = focusNext.current;
    if (!id) return;
    const row = win.scroller.current?.querySelector<HTMLElement>(`li[data-key="${CSS.escape(id)}"]`);
    if (row) {
      focusNext.current = null;
      row.focus();
    }
  });

  if (credentials.length === 0)
    return (
      <section class="empty">
        <h2>{t('emptyTitle')}</h2>
        <p>{t('emptyBody')}</p>
      </section>
    );

  const moveTo = (id: string | undefined) => {
    if (!id) return;
    setActiveId(id);
    focusNext.current = id;
    win.show(itemIndex.get(id) ?? 0);
  };
  const onRowKey = (credential: CredentialView) => (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    // Escape closes an open row (and its confirmation) first, back to the row; the popup's Escape comes after.
    if (event.key === 'Escape' && expandedId === credential.id) {
      event.stopPropagation();
      setExpandedId(null);
      moveTo(credential.id);
      return;
    }
    if (target.closest('input, textarea, select, form')) return;
    const at = model.rows.findIndex((c) => c.id === credential.id);
    const go = (index: number) => {
      event.preventDefault();
      moveTo(model.rows[Math.max(0, Math.min(model.rows.length - 1, index))]?.id);
    };
    if (event.key === 'ArrowDown') go(at + 1);
    else if (event.key === 'ArrowUp') go(at - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(model.rows.length - 1);
    else if (target.tagName === 'LI' && event.key === 'Enter') {
      event.preventDefault();
      target.querySelector<HTMLButtonElement>('.row-copy')?.click();
    } else if (target.tagName === 'LI' && (event.key === 'ArrowRight' || event.key === 'ArrowLeft')) {
      event.preventDefault();
      setExpandedId(event.key === 'ArrowRight' ? credential.id : null);
    }
  };
  const copyFirst = async () => {
    const first = model.rows[0];
    if (!first) return;
    try {
      await copyKey(first.id);
    } catch (failure) {
      announce(messageOf(failure), { tone: 'error' });
    }
  };
  const narrowed = query.trim() !== '' || shownFilter !== undefined;

  return (
    // data-rows: how many keys the list holds (drawn or not): the windowed DOM has only a screenful.
    <section class="key-list" aria-label={t('keyList')} data-rows={model.rows.length}>
      <ExpiryBanner
        credentials={credentials}
        now={now}
        warnDays={warnDays}
        onFilter={(picked) => setOwnFilter({ ...picked, onClear: () => setOwnFilter(undefined) })}
      />
      <SearchBox
        query={query}
        onQuery={setQuery}
        count={narrowed ? t('searchCount', String(model.rows.length), String(credentials.length)) : null}
        onEnter={() => void copyFirst()}
        onDown={() => moveTo(model.rows[0]?.id)}
      />
      {shownFilter && (
        <p class="filter-bar">
          {t('filterShowing', shownFilter.label)}{' '}
          <button type="button" onClick={shownFilter.onClear}>
            {t('showAll')}
          </button>
        </p>
      )}
      {model.rows.length === 0 && <p class="muted">{t('noMatch')}</p>}
      <KeyWindow
        win={win}
        items={model.items}
        renderRow={(item) => {
          const label = rowLabel(item.credential, providers.label);
          return (
            <CredentialRow
              key={item.key}
              credential={item.credential}
              label={label}
              now={now}
              warnDays={warnDays}
              expanded={expandedId === item.credential.id}
              onToggle={() => setExpandedId(expandedId === item.credential.id ? null : item.credential.id)}
              active={active === item.credential.id}
              serverWarnings={item.serverWarnings}
              showHost={item.showHost}
              onFocus={() => setActiveId(item.credential.id)}
              onKeyDown={onRowKey(item.credential)}
            />
          );
        }}
      />
    </section>
  );
}
