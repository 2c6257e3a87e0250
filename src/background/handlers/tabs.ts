import { KeyDeckError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import type { Handlers } from '../router';
import type { Services } from './services';

type TabHandlers = Pick<Handlers, 'tab.detect' | 'content.detected' | 'content.decision'>;

export function createTabHandlers({ tabs, workflow }: Services): TabHandlers {
  return {
    'tab.detect': async ({ tabId }) => ({ detection: await tabs.detectNow(tabId) }),
    'content.detected': async (detection, sender) => {
      const tabId = sender.tab?.id;
      if (tabId === undefined) throw new KeyDeckError('forbidden', t('errDetectionNotFromTab'));
      // A frame is not the page the user sees: an attacker's page framing OctoPrint must not pass for it.
      if ((sender.frameId ?? 0) !== 0) throw new KeyDeckError('forbidden', t('errDetectionNotTopPage'));
      // The report names the page it came from; trust the browser's account of the sender over the DOM's.
      await tabs.record(tabId, { ...detection, url: sender.url ?? detection.url });
      return { ok: true };
    },
    'content.decision': async (_, sender) => {
      if (!sender.url) throw new KeyDeckError('forbidden', t('errDecisionNotFromPage'));
      await workflow.decided(new URL(sender.url).origin);
      return { ok: true };
    },
  };
}
