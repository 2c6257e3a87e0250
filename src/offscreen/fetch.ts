import type { OffscreenFetchReply, OffscreenRequest } from '../shared/offscreen';
import { hold } from './lifetime';

/** Requests the worker retries for the service worker, matched to their replies by id. */
let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, (reply: OffscreenFetchReply) => void>();

/** A flow polls once a second: stay open between its requests rather than reopening each time. */
const LINGER_MS = 30_000;

function theWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./fetch-worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('message', (event: MessageEvent<{ id: number; reply: OffscreenFetchReply }>) => {
    pending.get(event.data.id)?.(event.data.reply);
    pending.delete(event.data.id);
  });
  // A worker that failed to start or crashed answers nothing: every waiting request fails, and a new one starts next time.
  worker.addEventListener('error', () => {
    for (const resolve of pending.values()) resolve({ ok: false, error: 'network' });
    pending.clear();
    worker = undefined;
  });
  return worker;
}

export async function fetchInWorker(request: OffscreenRequest): Promise<OffscreenFetchReply> {
  const release = hold();
  const id = nextId++;
  try {
    return await new Promise<OffscreenFetchReply>((resolve) => {
      pending.set(id, resolve);
      theWorker().postMessage({ id, request });
    });
  } finally {
    release(LINGER_MS);
  }
}
