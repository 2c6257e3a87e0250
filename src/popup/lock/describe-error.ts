import { KeyDeckError } from '../../shared/errors';
import { messageOf } from '../api';
import { t } from '../i18n';

/**
 * A lock action's failure as the user should read it: a wrong passphrase says so, and a refused
 * try says how long to wait (from the status, so it counts down); anything else as the background said.
 */
export function describeLockError(error: unknown, secondsLeft: number): string {
  if (!(error instanceof KeyDeckError)) return messageOf(error);
  const wait = secondsLeft > 0 ? ` ${t('tryAgainIn', String(secondsLeft))}` : '';
  if (error.code === 'wrong-passphrase') return t('wrongPassphrase') + wait;
  if (error.code === 'slow-down') return t('slowDown') + (wait || ` ${t('tryAgainNow')}`);
  return error.message;
}
