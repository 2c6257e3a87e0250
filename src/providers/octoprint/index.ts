import type { Provider } from '../types';
import { revokeOctoPrintCredential, verifyOctoPrintCredential } from './backend';

// 32 upper-case hex up to OctoPrint 1.10.2, 43 url-safe characters (secrets.token_urlsafe) since 1.10.3;
// old keys keep their format after upgrades, so both are accepted (protocols.md, "Key format").
const OCTOPRINT_KEY = /^(?:[0-9A-Fa-f]{32}|[A-Za-z0-9_-]{43})$/;

export const octoprint: Provider = {
  id: 'octoprint',
  label: 'OctoPrint',
  detectsOnServer: true,
  keyHint: '32 hex characters, or 43 letters, digits, - and _',
  checkKey: (key) => (OCTOPRINT_KEY.test(key) ? null : 'An OctoPrint key is 32 hex characters or 43 letters, digits, - and _.'),
  verify: verifyOctoPrintCredential,
  revoke: revokeOctoPrintCredential,
};
