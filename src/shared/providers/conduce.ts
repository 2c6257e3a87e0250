import type { ProviderInfo } from './types';

// Conduce documents no key format (conduce-python-api treats keys as opaque strings): basics only.
export const conduce: ProviderInfo = {
  id: 'conduce',
  label: 'Conduce',
  keyHint: 'as shown by Conduce',
  verifies: true,
  revokes: true,
  checkKey: () => null,
};
