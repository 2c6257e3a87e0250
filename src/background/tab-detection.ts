import * as v from 'valibot';
import type { Detection } from '../shared/detection';
import { RequestSchemas } from '../shared/messages';
import { CONTENT_DETECTED } from '../shared/detection';
import { CONTENT_SCRIPT_FILE } from '../shared/content-script';
import type { Store } from '../storage';

export interface TabDetectionDeps {
  /** One storage.session item per tab: a sleeping worker forgets nothing. */
  item: Store['tabDetection'];
  executeScript(tabId: number, file: string): Promise<unknown>;
  setBadge(tabId: number, text: string): Promise<void>;
}

const ReportSchema = RequestSchemas[CONTENT_DETECTED];

/**
 * Which tabs show OctoPrint. Kept in `storage.session`, not in worker variables, so a sleeping worker
 * forgets nothing; the toolbar badge marks such a tab.
 */
export function createTabDetection({ item, executeScript, setBadge }: TabDetectionDeps) {
  async function record(tabId: number, detection: Detection): Promise<void> {
    await item(tabId).set(detection);
    await setBadge(tabId, 'OP');
  }

  return {
    record,
    async forget(tabId: number): Promise<void> {
      await item(tabId).remove();
    },
    async get(tabId: number): Promise<Detection | null> {
      return item(tabId).get();
    },
    /** Runs the content script in a tab now (the popup was opened on it) and returns what it found. */
    async detectNow(tabId: number): Promise<Detection | null> {
      let result: unknown;
      try {
        result = await executeScript(tabId, CONTENT_SCRIPT_FILE);
      } catch {
        return null; // a browser page, the store, or a site we may not read: nothing to recognise
      }
      // The values come from a web page's DOM: check them like any message.
      const parsed = v.safeParse(ReportSchema, result);
      if (!parsed.success) return null;
      await record(tabId, parsed.output);
      return parsed.output;
    },
  };
}

export type TabDetection = ReturnType<typeof createTabDetection>;
