import type { ProviderInfo } from './types';
import { octoprint } from './octoprint';

// The portal hands back an OctoPrint key (and connection secrets); a pasted key has OctoPrint's shape.
export const octoeverywhere: ProviderInfo = {
  id: 'octoeverywhere',
  label: 'OctoEverywhere',
  keyHint: octoprint.keyHint,
  checkKey: octoprint.checkKey,
};
