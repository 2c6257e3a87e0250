import type { Credential } from '../../shared/credential';
import { farmGroupsWarning, globalKeyWarning } from '../octoprint/verify';

/**
 * What FDM Monster 2.1.1 takes as an OctoPrint key: `z.string().min(32).max(43).regex(/^[a-zA-Z0-9_-]+$/)`
 * on create, update, batch, test-connection and YAML import — 32 hex (old and user keys) and 43
 * url-safe characters (Application Keys since OctoPrint 1.10.3) both fit.
 */
const FDM_OCTOPRINT_KEY = /^[A-Za-z0-9_-]{32,43}$/;

export function printerKeyProblem(key: string): string | null {
  if (FDM_OCTOPRINT_KEY.test(key)) return null;
  if (key.length < 32 || key.length > 43) return `FDM Monster takes OctoPrint keys of 32 to 43 characters; this one has ${key.length}.`;
  return 'FDM Monster takes OctoPrint keys made of letters, digits, - and _ only (no =, + or /).';
}

/**
 * Why KeyDeck will not send this OctoPrint key to FDM Monster, or null. Checked before anything is
 * sent, from what KeyDeck's own verification recorded: FDM Monster aborts on the global API key
 * ("Global API Key detected") and needs a user in Admins and Operator to run a printer.
 */
export function refusalBeforeSending(credential: Credential): string | null {
  const key = credential.secrets.apiKey;
  if (!key) return 'This entry holds no OctoPrint key.';
  const shape = printerKeyProblem(key);
  if (shape) return `${shape} Not sent.`;
  const check = credential.verification;
  if (credential.user === '_api' || check?.warnings.some((w) => w.startsWith(globalKeyWarning())))
    return 'This is OctoPrint’s global API key: FDM Monster refuses it. Not sent: ask OctoPrint for an Application Key for FDM Monster instead.';
  if (!check) return 'KeyDeck has not verified this key yet: verify it first (KeyDeck checks its user is in Admins and Operator). Not sent.';
  if (!check.ok) return `OctoPrint rejected this key when KeyDeck last verified it: ${check.summary} Not sent.`;
  const groups = check.warnings.find((w) => w.includes(farmGroupsWarning()));
  if (groups) return `${groups} Not sent to FDM Monster.`;
  return null;
}
