import browser from 'webextension-polyfill';
import { KeyDeckError } from '../shared/errors';
import type { MessageType, Payload, Reply, Responses } from '../shared/messages';

/** Sends one typed message to the background; a typed error comes back as a thrown KeyDeckError. */
export async function send<K extends MessageType>(type: K, payload: Payload<K>): Promise<Responses[K]> {
  let reply: Reply<K> | undefined;
  try {
    reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<K> | undefined;
  } catch {
    throw new KeyDeckError('internal', 'KeyDeck’s background did not answer. Close and reopen this window.');
  }
  if (!reply) throw new KeyDeckError('internal', 'KeyDeck’s background did not answer. Close and reopen this window.');
  if (!reply.ok) throw new KeyDeckError(reply.error.code, reply.error.message);
  return reply.data;
}

export function messageOf(error: unknown): string {
  return error instanceof KeyDeckError ? error.message : 'Something went wrong. Nothing was changed.';
}
