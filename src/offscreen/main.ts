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

function read(): string {
  const area = document.createElement('textarea');
  document.body.append(area);
  area.focus();
  document.execCommand('paste');
  const text = area.value;
  area.remove();
  return text;
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id || sender.tab) return undefined;
  const parsed = v.safeParse(CopySchema, message);
  if (!parsed.success) return undefined; // not for this document: let others answer
  const { text, clearAfterMs } = parsed.output;
  clearTimeout(timer);
  const ok = write(text);
  if (ok)
    timer = setTimeout(() => {
      if (read() === text) write('');
      window.close();
    }, clearAfterMs);
  return Promise.resolve(ok);
});
