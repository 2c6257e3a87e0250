import type { Provider } from '../types';
import { conduceAccounts } from './account-keys';
import { revokeConduceKey, verifyConduceKey } from './backend';

// Conduce documents no key format (conduce-python-api treats keys as opaque strings): basics only.
export const conduce: Provider = {
  id: 'conduce',
  label: 'Conduce',
  keyHint: 'as shown by Conduce',
  checkKey: () => null,
  verify: verifyConduceKey,
  revoke: revokeConduceKey,
  accounts: conduceAccounts,
};
