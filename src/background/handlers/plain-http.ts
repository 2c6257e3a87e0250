import { KeyDeckError } from '../../shared/errors';
import { needsPlainHttpConsent, plainHttpRefusal } from '../../shared/private-network';

/**
 * A key goes over plain http to a host outside the private network only when the user confirmed it
 * in the popup: checked here too, so no sender can skip the popup's warning.
 */
export function requirePlainHttpConsent(url: string, allowPlainHttp: boolean | undefined): void {
  if (needsPlainHttpConsent(url) && allowPlainHttp !== true) throw new KeyDeckError('plain-http', plainHttpRefusal(url));
}
