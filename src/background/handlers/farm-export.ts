import { t } from '../../shared/i18n';
import { KeyDeckError } from '../../shared/errors';
import { buildExport } from '../farm/export-formats';
import type { Handlers } from '../router';
import type { Services } from './services';

type FarmExportHandlers = Pick<Handlers, 'farm.export'>;

/** The file for OctoFarm or FDM Monster: it holds keys in clear text, so it needs the vault unlocked. */
export function createFarmExportHandlers({ vault, ctx }: Services): FarmExportHandlers {
  return {
    'farm.export': async ({ format, credentialIds }) => {
      const all = await vault.all(); // throws `locked` while locked: the popup asks to unlock and sends again
      const byId = new Map(all.map((c) => [c.id, c]));
      const ids = [...new Set(credentialIds)];
      const missing = ids.filter((id) => !byId.has(id));
      if (missing.length === ids.length) throw new KeyDeckError('not-found', t('exportNoneLeft'));
      const chosen = ids.flatMap((id) => byId.get(id) ?? []);
      const file = buildExport(format, chosen, new Date(ctx.now()));
      return {
        ...file,
        notes: [...missing.map((credentialId) => ({ credentialId, message: t('exportLeftOutGone') })), ...file.notes],
      };
    },
  };
}
