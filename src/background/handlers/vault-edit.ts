import { t } from '../../shared/i18n';
import { apiKeyOf, toView, type Credential } from '../../shared/credential';
import { KeyDeckError } from '../../shared/errors';
import type { CopyableField } from '../../shared/messages';
import { checkAppName } from '../../shared/validation';
import type { Handlers } from '../router';
import { copyKey } from './copy-key';
import type { Services } from './services';

/** The stored secret `field` names; the API key by default (the only one a plain key holds). */
export function secretField(credential: Credential, field: CopyableField = 'apiKey'): string {
  if (field === 'apiKey') return apiKeyOf(credential);
  const value = credential.secrets[field];
  if (!value) throw new KeyDeckError('not-found', t('errFieldMissing'));
  return value;
}

/** Copying any one stored field, and renaming: what the popup's expanded row does to an entry. */
export function createVaultEditHandlers(services: Services): Pick<Handlers, 'vault.copy' | 'vault.rename'> {
  const { vault } = services;
  return {
    'vault.copy': async ({ id, field }) => copyKey(services, secretField(await vault.secrets(id), field)),
    'vault.rename': async ({ id, app }) => {
      const name = app.trim();
      const problem = checkAppName(name);
      if (problem) throw new KeyDeckError('invalid-input', problem);
      return { credential: toView(await vault.update(id, { app: name })) };
    },
  };
}
