import { t } from '../../shared/i18n';
import { octoprint } from '../../providers/octoprint';
import { sendAllToFdmMonster, type PrinterToSend } from '../../providers/fdm-monster/send';
import type { Credential } from '../../shared/credential';
import { KeyDeckError } from '../../shared/errors';
import type { FdmSendResult } from '../../shared/messages';
import type { Handlers } from '../router';
import type { Services } from './services';

type FdmSendHandlers = Pick<Handlers, 'fdm.send'>;

/**
 * OctoPrint keys from the vault into FDM Monster, with the FDM Monster key the user picked. The keys
 * are read here (so a locked vault answers `locked` and the popup's prompt runs it again) and go only
 * to FDM Monster, never back to the page: the answer is FDM Monster's verdict per key.
 */
export function createFdmSendHandlers({ vault, providers, ctx }: Services): FdmSendHandlers {
  return {
    'fdm.send': async ({ targetId, credentialIds, forceSave }) => {
      const target = await vault.secrets(targetId);
      if (!providers.find(target.provider)?.takesPrinterKeys || !target.secrets.apiKey)
        throw new KeyDeckError('invalid-input', t('fdmNotFdmKey'));
      const held = new Map((await vault.all()).map((c) => [c.id, c]));
      const results: (FdmSendResult | undefined)[] = credentialIds.map((credentialId) => {
        const credential = held.get(credentialId);
        if (!credential) return { credentialId, status: 'failed', message: t('fdmKeyGone') };
        if (!isOctoPrintKey(credential)) return { credentialId, status: 'refused', message: t('fdmOnlyOctoPrint') };
        return undefined;
      });
      const toSend: PrinterToSend[] = credentialIds.flatMap((id, i) => (results[i] ? [] : [{ credential: held.get(id)! }]));
      const verdicts = await sendAllToFdmMonster(ctx.http, { serverUrl: target.serviceUrl, token: target.secrets.apiKey }, toSend, { forceSave: forceSave ?? false });
      let next = 0;
      return {
        results: results.map((early, i) => {
          if (early) return early;
          const { status, message, ...rest } = verdicts[next++]!;
          return { credentialId: credentialIds[i]!, status, message, ...('canForceSave' in rest ? { canForceSave: rest.canForceSave } : {}) };
        }),
      };
    },
  };
}

const isOctoPrintKey = (credential: Credential) => credential.provider === octoprint.id && Boolean(credential.secrets.apiKey);
