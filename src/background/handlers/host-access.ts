import { t } from '../../shared/i18n';
import { KeyDeckError } from '../../shared/errors';
import type { Services } from './services';

/**
 * KeyDeck may talk to a server (and the browser sends its cookies, or shows its tab's address) only
 * with the host access the popup asked for in the user's click: say so up front when it is missing.
 */
export async function requireHostAccess({ hasHostAccess }: Pick<Services, 'hasHostAccess'>, url: string, retry: string): Promise<void> {
  if (!(await hasHostAccess(url)))
    throw new KeyDeckError('forbidden', t('errNeedsPermission', new URL(url).host, retry));
}
