import type { Provider } from '../types';
import { cocalcAccounts } from './account-keys';
import { revokeCocalcKey, verifyCocalcKey } from './backend';

// `sk-` + 16 random + 6 base62 characters; legacy keys start `sk_` (protocols.md, CoCalc).
const COCALC_KEY = /^sk[-_][A-Za-z0-9]{16,64}$/;

export const cocalc: Provider = {
  id: 'cocalc',
  label: 'CoCalc',
  keyHint: 'starts with sk-',
  checkKey: (key) => (COCALC_KEY.test(key) ? null : 'A CoCalc key starts with sk- followed by letters and digits.'),
  verify: verifyCocalcKey,
  revoke: revokeCocalcKey,
  accounts: cocalcAccounts,
};
