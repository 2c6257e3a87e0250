import { useEffect, useRef, useState } from 'preact/hooks';
import type { CaptureResult } from '../shared/capture';
import type { AddKeyPrefill } from './AddKeyForm';
import { messageOf, useApi } from './api';
import { t } from './i18n';
import { useAnnounce } from './shell/announcer';
import { CopySavedKey } from './shell/CopySavedKey';

/** What finish pages handed over lately, and what to do when the portal could not make a key. */
export function CaptureList({
  captures: results,
  onAddManually,
}: {
  captures: CaptureResult[];
  onAddManually: (prefill: AddKeyPrefill) => void;
}) {
  const announce = useAnnounce();
  // A hand-over that lands while the popup is open is said once; those already there at opening are not.
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    const fresh = known.current ? results.filter((result) => !known.current!.has(result.id)) : [];
    known.current = new Set(results.map((result) => result.id));
    for (const result of fresh) announce(result.message, { toast: false });
  }, [results]);
  if (results.length === 0) return null;
  return (
    <section class="flows" aria-label={t('captures')}>
      <h2>{t('captures')}</h2>
      <ul>
        {results.map((result) => (
          <CaptureItem key={result.id} result={result} onAddManually={onAddManually} />
        ))}
      </ul>
    </section>
  );
}

function CaptureItem({ result, onAddManually }: { result: CaptureResult; onAddManually: (prefill: AddKeyPrefill) => void }) {
  const { send } = useApi();
  const announce = useAnnounce();
  const [revealed, setRevealed] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  // A key that arrived but is not in the vault: the user must be able to take it away and store it.
  const copyUnsaved = () =>
    void send('capture.copyUnsavedKey', { id: result.id })
      .then(({ clearAfterSeconds }) => say(t('copied', String(clearAfterSeconds))))
      .catch((error: unknown) => say(messageOf(error)));
  // Written on the card and said once (the card's own text is not a live region: see FlowList).
  const say = (text: string) => {
    setSaid(text);
    announce(text, { toast: false });
  };
  const revealUnsaved = () =>
    void (revealed !== null
      ? setRevealed(null)
      : send('capture.revealUnsavedKey', { id: result.id })
          .then(({ apiKey }) => setRevealed(apiKey))
          .catch((error: unknown) => say(messageOf(error))));
  return (
    <li class={`flow ${result.ok ? 'done' : 'failed'}`} aria-label={`${result.app} · ${result.serviceUrl}`}>
      <p class="flow-message">{result.message}</p>
      {result.unsavedKey && revealed !== null && (
        <code class="key" data-testid="unsaved-key">
          {revealed}
        </code>
      )}
      {said && <p>{said}</p>}
      <div class="actions">
        {result.missingKey && (
          <button type="button" class="primary" onClick={() => onAddManually({ provider: result.provider, serviceUrl: result.serviceUrl, app: result.app })}>
            {t('addByHand')}
          </button>
        )}
        {result.ok && result.credentialId && !result.missingKey && !result.unsavedKey && (
          <CopySavedKey credentialId={result.credentialId} app={result.app} dismiss={() => send('capture.dismiss', { id: result.id })} />
        )}
        {result.unsavedKey && (
          <>
            <button type="button" class="primary" onClick={copyUnsaved} aria-label={t('copyUnsavedKey', result.app)}>
              {t('copy')}
            </button>
            <button type="button" onClick={revealUnsaved} aria-label={t(revealed === null ? 'revealUnsavedKey' : 'hideUnsavedKey', result.app)}>
              {revealed === null ? t('reveal') : t('hide')}
            </button>
          </>
        )}
        <button type="button" onClick={() => void send('capture.dismiss', { id: result.id }).catch(() => undefined)}>
          {t('dismiss')}
        </button>
      </div>
    </li>
  );
}
