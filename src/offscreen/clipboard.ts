import { hold } from './lifetime';

/**
 * The clipboard, for Chrome's worker that has none. This page is not focused, so navigator.clipboard
 * is out; execCommand('copy'/'paste') works here with the clipboardWrite/clipboardRead permissions.
 */
let timer: ReturnType<typeof setTimeout> | undefined;
let release: ((lingerMs: number) => void) | undefined;

function write(text: string): boolean {
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', text);
    event.preventDefault();
  };
  document.addEventListener('copy', onCopy);
  try {
    return document.execCommand('copy');
  } finally {
    document.removeEventListener('copy', onCopy);
  }
}

/** The clipboard's text, read by pasting into a scratch field; '' when the paste did not happen. */
function read(): string {
  const area = document.createElement('textarea');
  document.body.append(area);
  area.focus();
  let pasted = '';
  const onPaste = (event: ClipboardEvent) => void (pasted = event.clipboardData?.getData('text/plain') ?? '');
  document.addEventListener('paste', onPaste, true);
  document.execCommand('paste');
  document.removeEventListener('paste', onPaste, true);
  const text = area.value || pasted;
  area.remove();
  return text;
}

/** Clears the clipboard if it still holds `text`. A paste that read nothing is tried again a few times. */
function clearIfStillHeld(text: string, onCleared: () => void, attempts = 5): void {
  const current = read();
  if (current === text) {
    write('');
    onCleared();
  } else if (current === '' && attempts > 1) return void (timer = setTimeout(() => clearIfStillHeld(text, onCleared, attempts - 1), 250));
  // Closing at once can drop the clear: the write reaches the clipboard after the copy call returns.
  release?.(2_000);
  release = undefined;
}

/** Copies `text` and clears it after `clearAfterMs` if still there (then `onCleared`); false when the copy failed. */
export function copyThenClear(text: string, clearAfterMs: number, onCleared: () => void = () => undefined): boolean {
  clearTimeout(timer);
  release ??= hold();
  const ok = write(text);
  if (ok) timer = setTimeout(() => clearIfStillHeld(text, onCleared), clearAfterMs);
  else {
    release(2_000);
    release = undefined;
  }
  return ok;
}
