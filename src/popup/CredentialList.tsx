import { useEffect, useMemo, useState } from 'preact/hooks';
import type { CredentialView } from '../shared/credential';
import { expiryCounts } from '../shared/expiry';
import { useApi } from './api';
import { CredentialRow } from './CredentialRow';
import { groupCredentials } from './group';
import { t } from './i18n';

const FIRST_PAINT_ROWS = 40;

export function CredentialList({
  credentials,
  warnDays,
  onNotice,
}: {
  credentials: CredentialView[];
  warnDays: number;
  onNotice: (message: string) => void;
}) {
  const { providers } = useApi();
  const [query, setQuery] = useState('');
  // The first screenful paints at once; the rest follows a frame later (1,000 rows cost ~100 ms).
  const [limit, setLimit] = useState(FIRST_PAINT_ROWS);
  const groups = useMemo(
    () => groupCredentials(query || credentials.length <= limit ? credentials : credentials.slice(0, limit), query, providers.label),
    [credentials, query, limit],
  );
  const now = Date.now();
  useEffect(() => {
    performance.mark('keydeck:list-painted');
    const timer = setTimeout(() => setLimit(Infinity), 0);
    return () => clearTimeout(timer);
  }, []);

  if (credentials.length === 0)
    return (
      <section class="empty">
        <h2>{t('emptyTitle')}</h2>
        <p>{t('emptyBody')}</p>
      </section>
    );

  const { soon, expired } = expiryCounts(credentials, now, warnDays);
  return (
    <section>
      {soon + expired > 0 && (
        <p class="error" role="status">
          {t('expiryWarning', String(expired), String(soon), String(warnDays))}
        </p>
      )}
      <label class="filter">
        <span class="visually-hidden">{t('filterLabel')}</span>
        <input
          type="search"
          placeholder={t('filterPlaceholder')}
          value={query}
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
      </label>
      {groups.length === 0 && <p class="muted">{t('noMatch')}</p>}
      {groups.map((group) => (
        <section class="app-group" key={group.app} aria-label={group.app}>
          <h2>{group.app}</h2>
          {group.servers.map((server) => (
            <section class="server-group" key={server.serviceUrl} aria-label={server.serviceUrl}>
              <h3>{server.serviceUrl}</h3>
              <ul>
                {server.credentials.map((credential) => (
                  <CredentialRow
                    key={credential.id}
                    credential={credential}
                    now={now}
                    warnDays={warnDays}
                    onNotice={onNotice}
                  />
                ))}
              </ul>
            </section>
          ))}
        </section>
      ))}
    </section>
  );
}
