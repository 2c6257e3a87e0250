import { octoprint } from '../octoprint';
import type { Provider } from '../types';

// The portal hands back an OctoPrint key (and connection secrets); a pasted key has OctoPrint's shape.
// Its connections are revoked on the portal's website, so KeyDeck offers no verify or revoke here.
export const octoeverywhere: Provider = {
  id: 'octoeverywhere',
  label: 'OctoEverywhere',
  keyHint: octoprint.keyHint,
  checkKey: octoprint.checkKey,
};
