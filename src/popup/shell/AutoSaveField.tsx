import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { useAnnounce } from './announcer';

/** What a field's text means: a value to save, or why it cannot be saved. */
export type Parsed<T> = { value: T } | { error: string };

/**
 * A setting saved on its own when the user leaves the field or presses Enter (the `change` event):
 * "Saved" beside it once stored; a value that cannot be saved is marked invalid, described, focused
 * and announced, and nothing is sent. One save model for every field of Settings.
 */
export function AutoSaveField<T>({
  id,
  label,
  stored,
  kind = 'text',
  min,
  max,
  parse,
  save,
}: {
  id: string;
  label: string;
  /** The stored value, as the field shows it. */
  stored: string;
  kind?: 'text' | 'number';
  min?: number;
  max?: number;
  parse: (text: string) => Parsed<T>;
  /** Resolves once stored; rejects with a message to show. */
  save: (value: T) => Promise<void>;
}) {
  const announce = useAnnounce();
  const [text, setText] = useState(stored);
  const [state, setState] = useState<{ saved: true } | { error: string } | null>(null);
  // Follows the stored value when it changes (saved here, or elsewhere); not at mount, where a late
  // effect would overwrite what the user has typed already.
  const shown = useRef(stored);
  useEffect(() => {
    if (shown.current === stored) return;
    shown.current = stored;
    setText(stored);
  }, [stored]);

  const commit = (input: HTMLInputElement) => {
    const parsed = parse(input.value);
    if ('error' in parsed) {
      setState({ error: parsed.error });
      input.focus();
      announce(parsed.error, { toast: false });
      return;
    }
    setState(null);
    save(parsed.value)
      .then(() => {
        setState({ saved: true });
        announce(t('settingsSaved'), { toast: false });
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        setState({ error: message });
        announce(message, { toast: false });
      });
  };

  const problem = state && 'error' in state ? state.error : null;
  // The messages sit beside the label, not in it: inside, they would become part of the field's name.
  return (
    <div class="setting">
      <label>
        {label}
        <input
          id={id}
          // One cast: preact types the text and number variants of <input> apart.
          type={kind as 'text'}
          min={min}
          max={max}
          value={text}
          onInput={(event) => {
            setText(event.currentTarget.value);
            if (state && 'saved' in state) setState(null);
          }}
          onChange={(event) => commit(event.currentTarget)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
        />
      </label>
      {problem && (
        <span class="error" id={`${id}-problem`}>
          {problem}
        </span>
      )}
      {state && 'saved' in state && <span class="saved">{t('savedInline')}</span>}
    </div>
  );
}
