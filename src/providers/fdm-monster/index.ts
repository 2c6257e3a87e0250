import type { Provider } from '../types';
import { fdmMonsterAccounts } from './account-keys';
import { revokeFdmMonsterKey, verifyFdmMonsterKey } from './backend';

// `fdmm_api_` + 32 random bytes in base64url (43 characters): what POST /api/v2/api-keys hands out once.
const FDM_MONSTER_KEY = /^fdmm_api_[A-Za-z0-9_-]{43}$/;

/** FDM Monster, the print-farm manager: its own API keys as credentials; send.ts puts OctoPrint keys into it. */
export const fdmMonster: Provider = {
  id: 'fdm-monster',
  label: 'FDM Monster',
  keyHint: 'fdmm_api_ followed by 43 letters, digits, - and _',
  checkKey: (key) => (FDM_MONSTER_KEY.test(key) ? null : 'An FDM Monster API key is fdmm_api_ followed by 43 letters, digits, - and _ (FDM Monster shows it once, when it is made).'),
  verify: verifyFdmMonsterKey,
  revoke: revokeFdmMonsterKey,
  accounts: fdmMonsterAccounts,
  takesPrinterKeys: true,
};
