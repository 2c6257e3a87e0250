import type { Runtime } from 'webextension-polyfill';
import browser from 'webextension-polyfill';
import * as v from 'valibot';

/**
 * Chrome's offscreen document for the clipboard. It is not focused, so navigator.clipboard is out;
 * execCommand('copy'/'paste') works here with the clipboardWrite/clipboardRead permissions.
 */
const CopySchema = v.object({
  target: v.literal('offscreen'),
  type: v.literal('clipboard.copy'),
  text: v.string(),
  clearAfterMs: v.pipe(v.number(), v.minValue(0)),
});

let timer: ReturnType<typeof setTimeout> | undefined;

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
function clearIfStillHeld(text: string, attempts = 5): void {
  const current = read();
  if (current === text) write('');
  else if (current === '' && attempts > 1) return void (timer = setTimeout(() => clearIfStillHeld(text, attempts - 1), 250));
  // Closing at once can drop the clear: the write reaches the clipboard after the copy call returns.
  timer = setTimeout(() => window.close(), 2_000);
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id || sender.tab) return undefined;
  const parsed = v.safeParse(CopySchema, message);
  if (!parsed.success) return undefined; // not for this document: let others answer
  const { text, clearAfterMs } = parsed.output;
  clearTimeout(timer);
  const ok = write(text);
  if (ok) timer = setTimeout(() => clearIfStillHeld(text), clearAfterMs);
  return Promise.resolve(ok);
});
