import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n';
import { describeLockError } from './describe-error';
import { useRetryWait } from './use-retry-wait';

export interface PassphraseField {
  name: string;
  label: MessageKey;
}

type Values = Record<string, string>;

/**
 * One form of passphrase fields: checks what it can before sending (returns a message to refuse),
 * shows progress while the background derives the key (PBKDF2 takes about a second), and the
 * failure in words. Submit stays off while the background makes wrong tries wait.
 */
export function PassphraseForm({
  title,
  busy,
  fields,
  check,
  submit,
  onDone,
  autoFocus = false,
  checksPassphrase = true,
  heading = false,
  danger = false,
  children,
  extra,
}: {
  title: MessageKey;
  busy: MessageKey;
  fields: PassphraseField[];
  check?: (values: Values) => string | null;
  submit: (values: Values) => Promise<unknown>;
  onDone?: () => void;
  autoFocus?: boolean;
  /** The background checks a passphrase here, so it may make wrong tries wait (setting one does not). */
  checksPassphrase?: boolean;
  /** Shows the title above the fields (where several forms sit together). */
  heading?: boolean;
  /** The submit button takes something away (removing the passphrase). */
  danger?: boolean;
  children?: ComponentChildren;
  extra?: ComponentChildren;
}) {
  const empty = () => Object.fromEntries(fields.map((f) => [f.name, '']));
  const [values, setValues] = useState<Values>(empty);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<{ refused: string } | { error: unknown } | null>(null);
  const wait = useRetryWait();
  const secondsLeft = checksPassphrase ? wait : 0;
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) first.current?.focus();
  }, []);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (running) return;
    const refused = check?.(values) ?? null;
    if (refused) return setFailure({ refused });
    setFailure(null);
    setRunning(true);
    submit(values).then(
      () => {
        setRunning(false);
        setValues(empty());
        onDone?.();
      },
      (error: unknown) => {
        setRunning(false);
        setFailure({ error });
        first.current?.focus();
      },
    );
  };

  return (
    <form class="passphrase-form" onSubmit={onSubmit} noValidate aria-label={t(title)} aria-busy={running}>
      {heading && <h3>{t(title)}</h3>}
      {children}
      {fields.map((field, index) => (
        <label key={field.name}>
          {t(field.label)}
          <input
            ref={index === 0 ? first : undefined}
            type="password"
            autoComplete="off"
            spellcheck={false}
            value={values[field.name]}
            onInput={(event) => setValues({ ...values, [field.name]: event.currentTarget.value })}
          />
        </label>
      ))}
      {failure ? (
        <p class="error" role="alert">
          {'refused' in failure ? failure.refused : describeLockError(failure.error, secondsLeft)}
        </p>
      ) : (
        secondsLeft > 0 && (
          <p class="error" role="status">
            {`${t('slowDown')} ${t('tryAgainIn', String(secondsLeft))}`}
          </p>
        )
      )}
      <div class="actions">
        <button type="submit" class={danger ? 'danger' : 'primary'} disabled={running || secondsLeft > 0}>
          {running ? t(busy) : t(title)}
        </button>
        {extra}
      </div>
    </form>
  );
}
