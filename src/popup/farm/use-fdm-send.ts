import { useState } from 'preact/hooks';
import type { FdmSendResult } from '../../shared/messages';
import { messageOf, useApi } from '../api';

/** Keys per `fdm.send`: each message lists FDM Monster's printers once; small enough to show progress. */
export const SEND_CHUNK = 5;

export interface SendState {
  busy: boolean;
  /** Keys FDM Monster has answered for in this run, of `total`. */
  done: number;
  total: number;
  /** One row per key answered, in the order sent; a "save anyway" replaces its row. */
  results: FdmSendResult[];
  /** Why the run stopped early (FDM Monster unreachable, its key refused…): concerns every key. */
  error: string | null;
}

const IDLE: SendState = { busy: false, done: 0, total: 0, results: [], error: null };

/** Sends the selected keys to one FDM Monster, a few per message, and keeps FDM Monster's answers. */
export function useFdmSend() {
  const api = useApi();
  const [state, setState] = useState<SendState>(IDLE);

  async function send(targetId: string, credentialIds: readonly string[]) {
    setState({ ...IDLE, busy: true, total: credentialIds.length });
    for (let start = 0; start < credentialIds.length; start += SEND_CHUNK) {
      const chunk = credentialIds.slice(start, start + SEND_CHUNK);
      try {
        const { results } = await api.send('fdm.send', { targetId, credentialIds: chunk });
        setState((s) => ({ ...s, done: s.done + chunk.length, results: [...s.results, ...results] }));
      } catch (error) {
        return setState((s) => ({ ...s, busy: false, error: messageOf(error) }));
      }
    }
    setState((s) => ({ ...s, busy: false }));
  }

  /** "Save anyway": the one key again with FDM Monster's forceSave; its new answer takes the row. */
  async function saveAnyway(targetId: string, credentialId: string) {
    setState((s) => ({ ...s, busy: true, error: null }));
    try {
      const [result] = (await api.send('fdm.send', { targetId, credentialIds: [credentialId], forceSave: true })).results;
      setState((s) => ({ ...s, busy: false, results: s.results.map((r) => (r.credentialId === credentialId && result ? result : r)) }));
    } catch (error) {
      setState((s) => ({ ...s, busy: false, error: messageOf(error) }));
    }
  }

  return { state, send, saveAnyway };
}
