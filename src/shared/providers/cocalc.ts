import type { ProviderInfo } from './types';

// `sk-` + 16 random + 6 base62 characters; legacy keys start `sk_` (protocols.md, CoCalc).
const COCALC_KEY = /^sk[-_][A-Za-z0-9]{16,64}$/;

export const cocalc: ProviderInfo = {
  id: 'cocalc',
  label: 'CoCalc',
  keyHint: 'starts with sk-',
  verifies: true,
  revokes: true,
  checkKey: (key) => (COCALC_KEY.test(key) ? null : 'A CoCalc key starts with sk- followed by letters and digits.'),
};
