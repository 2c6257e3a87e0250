import { useEffect, useRef, useState } from 'preact/hooks';
import { useAnnounce } from './announcer';

/**
 * After a submit that found problems: focus moves to the form's first invalid field (once the
 * problems are rendered and the field carries `aria-invalid`), and the problems are said once
 * through the announcer (screen readers only: they are already written beside the fields).
 * Put `ref` on the form and call `report(problems)` from its submit handler.
 */
export function useFormProblems() {
  const announce = useAnnounce();
  const ref = useRef<HTMLFormElement>(null);
  const [attempt, setAttempt] = useState(0);
  const pending = useRef<string[]>([]);
  useEffect(() => {
    const problems = pending.current;
    if (problems.length === 0) return;
    pending.current = [];
    ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    announce(problems.join(' '), { toast: false });
  }, [attempt]);
  return {
    ref,
    /** The problems found by this submit (nothing happens when there are none). */
    report(problems: readonly (string | null | undefined)[]) {
      const found = problems.filter((problem): problem is string => !!problem);
      if (found.length === 0) return;
      pending.current = found;
      setAttempt((n) => n + 1);
    },
  };
}
