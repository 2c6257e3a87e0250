import { useEffect, useRef, useState } from 'preact/hooks';
import type { CredentialView } from '../shared/credential';
import { expiryState } from '../shared/expiry';
import { messageOf } from './api';
import { t } from './i18n';
import { RowDetails } from './keys/RowDetails';
import { titleOf } from './keys/label';
import { hostOf } from './keys/search';
import { useCopyFeedback } from './keys/use-copy-feedback';
import { useCopyKey } from './keys/use-copy-key';
import { readableTime } from './time';

export interface RowProps {
  credential: CredentialView;
  /** The row's accessible name (keys/label.ts); its buttons are named after it. */
  label: string;
  now: number;
  warnDays: number;
  expanded: boolean;
  onToggle(): void;
  /** The list's one tab stop (roving tabindex): this row, its Copy and its disclosure. */
  active: boolean;
  /** The row sits outside its server's group (pinned or expiring): show the host on the line. */
  showHost: boolean;
  /** Warnings the server heading already says once. */
  serverWarnings: ReadonlySet<string>;
  onFocus(): void;
  onKeyDown(event: KeyboardEvent): void;
}

/** One key on one compact line (app, server, user, last 4, Copy, "⋯"); the rest expands in place. */
export function CredentialRow(props: RowProps) {
  const { credential, label, now, warnDays, expanded, active } = props;
  const copyKey = useCopyKey();
  const feedback = useCopyFeedback();
  const [error, setError] = useState<string | null>(null);
  const tab = active ? 0 : -1;
  const detailsId = `details-${credential.id}`;
  const self = useRef<HTMLLIElement>(null);
  // Opened near the bottom, the details would be below the fold: bring them into view.
  useEffect(() => {
    if (expanded) self.current?.scrollIntoView?.({ block: 'nearest' });
  }, [expanded]);

  const copy = async () => {
    setError(null);
    try {
      await copyKey(credential.id);
      feedback.done();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  return (
    <li
      ref={self}
      class={`credential${expanded ? ' expanded' : ''}`}
      aria-label={label}
      data-key={credential.id}
      tabIndex={tab}
      onFocus={props.onFocus}
      onKeyDown={props.onKeyDown}
    >
      <div class="row-line">
        <span class="row-title">{titleOf(credential)}</span>
        {titleOf(credential) !== credential.app && <span class="row-app muted">{credential.app}</span>}
        {/* Under its server's heading the host is known; in "On this page" and "Expiring" it is not. */}
        {props.showHost && <span class="row-host muted">{hostOf(credential.serviceUrl)}</span>}
        {credential.user && <span class="row-user">{credential.user}</span>}
        <Chips credential={credential} now={now} warnDays={warnDays} serverWarnings={props.serverWarnings} />
        {credential.maskedKey && (
          <code class="key row-tail" data-testid={expanded ? undefined : 'key'}>
            {credential.maskedKey}
          </code>
        )}
        {credential.maskedKey && (
          <button type="button" class="row-copy" tabIndex={tab} onClick={() => void copy()} aria-label={feedback.copied ? t('copyRowCopied', label) : `${t('copy')} ${label}`}>
            {feedback.copied ? t('copiedShort') : t('copy')}
          </button>
        )}
        <button
          type="button"
          class="row-more"
          tabIndex={tab}
          aria-expanded={expanded}
          aria-controls={expanded ? detailsId : undefined}
          aria-label={t('detailsFor', label)}
          onClick={props.onToggle}
        >
          ⋯
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {expanded && <RowDetails id={detailsId} credential={credential} label={label} now={now} serverWarnings={props.serverWarnings} />}
    </li>
  );
}

/** What needs attention, as short chips: a failed check, warnings, an expiry. */
function Chips({ credential, now, warnDays, serverWarnings }: Pick<RowProps, 'credential' | 'now' | 'warnDays' | 'serverWarnings'>) {
  const verification = credential.verification;
  const own = verification?.warnings.filter((w) => !serverWarnings.has(w)) ?? [];
  const expiry = expiryState(credential.expiresAt, now, warnDays);
  return (
    <>
      {verification && !verification.ok && <span class="chip bad">{t('chipFails')}</span>}
      {own.length > 0 && (
        <span class="chip warn" title={own.join('\n')}>
          {t('chipWarnings', String(own.length))}
        </span>
      )}
      {(expiry === 'soon' || expiry === 'expired') && <ExpiryChip expired={expiry === 'expired'} text={expiry === 'expired' ? t('expired') : t('expires', readableTime(credential.expiresAt!, now))} />}
    </>
  );
}

/** The whole text in the title too: a narrow row cuts the chip short. */
function ExpiryChip({ expired, text }: { expired: boolean; text: string }) {
  return (
    <span class={`chip ${expired ? 'bad' : 'warn'}`} title={text}>
      {text}
    </span>
  );
}
