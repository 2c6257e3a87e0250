import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';

/**
 * The search box: focused when the popup opens (unless something else already has focus), Enter
 * copies the first match, ArrowDown goes to the rows, Escape empties it.
 */
export function SearchBox({
  query,
  onQuery,
  count,
  onEnter,
  onDown,
}: {
  query: string;
  onQuery(query: string): void;
  /** "Showing 3 of 120 keys" while a search or filter narrows the list. */
  count: string | null;
  onEnter(): void;
  onDown(): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const focused = document.activeElement;
    if (!focused || focused === document.body) input.current?.focus();
  }, []);
  return (
    <div class="search">
      <label class="filter">
        <span class="visually-hidden">{t('filterLabel')}</span>
        <input
          ref={input}
          type="search"
          placeholder={t('filterPlaceholder')}
          value={query}
          aria-describedby="key-search-help"
          onInput={(event) => onQuery(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              onEnter();
            } else if (event.key === 'ArrowDown') {
              event.preventDefault();
              onDown();
            } else if (event.key === 'Escape' && query) {
              // The first Escape empties the box; the next one is the popup's (closing a panel).
              event.stopPropagation();
              onQuery('');
            }
          }}
        />
      </label>
      <p id="key-search-help" class="muted search-count">
        {count ?? <span class="visually-hidden">{t('searchHelp')}</span>}
      </p>
    </div>
  );
}
