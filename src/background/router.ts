import type { Runtime } from 'webextension-polyfill';
import { KeyDeckError, toErrorData } from '../shared/errors';
import { t } from '../shared/i18n';
import {
  CONTENT_SCRIPT_MESSAGES,
  parseMessage,
  type MessageType,
  type Payload,
  type Reply,
  type Responses,
} from '../shared/messages';
import type { SenderKind } from './sender';

export type Handlers = {
  [K in MessageType]: (payload: Payload<K>, sender: Runtime.MessageSender) => Promise<Responses[K]>;
};

/**
 * One entry for every message: parse, check the sender may send it, run its handler, and answer
 * with data or a typed error. It never throws.
 */
export function createRouter(handlers: Handlers, classify: (sender: Runtime.MessageSender) => SenderKind) {
  return async function route(raw: unknown, sender: Runtime.MessageSender): Promise<Reply<MessageType>> {
    try {
      const parsed = parseMessage(raw);
      if (!parsed.ok) throw new KeyDeckError('bad-message', parsed.message);
      const { type, payload } = parsed.envelope;
      const kind = classify(sender);
      const allowed = CONTENT_SCRIPT_MESSAGES.has(type) ? kind === 'content-script' : kind === 'extension-page';
      if (!allowed) throw new KeyDeckError('forbidden', t('errSenderNotAllowed', type));
      const handler = handlers[type] as (p: typeof payload, s: Runtime.MessageSender) => Promise<Responses[MessageType]>;
      return { ok: true, data: await handler(payload, sender) };
    } catch (error) {
      return { ok: false, error: toErrorData(error) };
    }
  };
}
