import { t } from '../shared/i18n';
import type { WatchedTab } from '../shared/capture';
import type { Credential } from '../shared/credential';
import { cocalc } from '../providers/cocalc';
import { octoeverywhere } from '../providers/octoeverywhere';
import { parseCocalcLegacy, parsePortalFinish } from './finish-page';

export type FinishCredential =
  | { ok: false; message: string }
  | { ok: true; credential: Omit<Credential, 'id'>; message: string; missingKey?: true };

/** The credential a finish URL carries, and what to tell the user once it is stored (a pure reading). */
export function credentialFromFinish(
  url: string,
  entry: Pick<WatchedTab, 'kind' | 'app' | 'serviceUrl'>,
  createdAt: number,
  capturedFrom: string,
): FinishCredential {
  if (entry.kind === 'cocalc-legacy') {
    const parsed = parseCocalcLegacy(url);
    if (!parsed.ok) return { ok: false, message: parsed.error };
    return {
      ok: true,
      credential: { provider: cocalc.id, serviceUrl: entry.serviceUrl, app: entry.app, secrets: { apiKey: parsed.value.apiKey }, source: 'finish-page', createdAt, capturedFrom },
      message: t('captureSavedCocalc', new URL(entry.serviceUrl).host),
    };
  }

  const parsed = parsePortalFinish(url);
  if (!parsed.ok) return { ok: false, message: parsed.error };
  const c = parsed.value;
  const details = Object.fromEntries(
    Object.entries({ printer: c.printerName, connectionId: c.connectionId, localIp: c.localIp, accessUrl: c.accessUrl }).filter(([, value]) => value),
  ) as Record<string, string>;
  const secrets: Credential['secrets'] = Object.fromEntries(
    Object.entries({ apiKey: c.apiKey, connectionUrl: c.connectionUrl, basicUser: c.basicUser, basicPassword: c.basicPassword, bearerToken: c.bearerToken, appToken: c.appToken }).filter(([, value]) => value),
  );
  const credential: Omit<Credential, 'id'> = {
    provider: octoeverywhere.id, serviceUrl: c.connectionUrl, app: entry.app, ...(c.basicUser ? { user: c.basicUser } : {}),
    secrets, source: 'finish-page', createdAt, details, capturedFrom,
  };
  const printer = c.printerName ? ` (${c.printerName})` : '';
  return c.apiKey
    ? { ok: true, credential, message: t('captureSavedOe', `${entry.app}${printer}`) }
    : {
        ok: true, credential, missingKey: true,
        message: t('captureSavedOeNoKey', `${entry.app}${printer}`),
      };
}
